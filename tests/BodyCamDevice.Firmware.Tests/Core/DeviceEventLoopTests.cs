using BodyCamDevice.Firmware.Core;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Core;

public class DeviceEventLoopTests
{
    [Test]
    public void WorkPostedFromManyThreadsRunsOneAtATime()
    {
        var loop = new DeviceEventLoop(TimeProvider.System);
        var inside = 0;
        var overlaps = 0;
        var total = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5000; i++)
            {
                loop.Post(() =>
                {
                    if (Interlocked.Increment(ref inside) != 1)
                    {
                        Interlocked.Increment(ref overlaps);
                    }

                    total++; // unsynchronised on purpose: the loop is the synchronisation
                    Interlocked.Decrement(ref inside);
                });
            }
        });

        Assert.That(overlaps, Is.Zero);
        Assert.That(total, Is.EqualTo(40_000));
    }

    [Test]
    public void WorkPostedFromInsideTheLoopRunsAfterTheCurrentItemInOrder()
    {
        var loop = new DeviceEventLoop(TimeProvider.System);
        var order = new List<string>();
        loop.Post(() =>
        {
            loop.Post(() => order.Add("second"));
            loop.Post(() => order.Add("third"));
            order.Add("first");
        });
        Assert.That(order, Is.EqualTo(new[] { "first", "second", "third" }));
    }

    [Test]
    public void ACancelledTimerNeverRunsEvenIfItHadAlreadyFired()
    {
        var time = new FakeTimeProvider();
        var loop = new DeviceEventLoop(time);
        var ran = false;
        IScheduledWork? timer = null;

        // The timer's expiry is queued behind the item that cancels it.
        loop.Post(() =>
        {
            timer = loop.ScheduleAfter(TimeSpan.Zero, () => ran = true);
            time.Advance(TimeSpan.FromMilliseconds(1));
            timer.Cancel();
        });

        Assert.That(ran, Is.False);
    }

    [Test]
    public void AFailingItemIsReportedAndTheLoopKeepsGoing()
    {
        var loop = new DeviceEventLoop(TimeProvider.System);
        var failures = new List<Exception>();
        loop.WorkFailed += failures.Add;
        var after = false;
        loop.Post(() => throw new InvalidOperationException("boom"));
        loop.Post(() => after = true);
        Assert.That(failures.Single().Message, Is.EqualTo("boom"));
        Assert.That(after, Is.True);
    }

    [Test]
    public void IsIdleOnlyWhenNothingIsQueuedAndNoThreadRunsTheLoop()
    {
        var loop = new DeviceEventLoop(TimeProvider.System);
        Assert.That(loop.IsIdle, Is.True);
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var drainer = Task.Run(() => loop.Post(() =>
        {
            running.Set();
            release.Wait();
        }));
        running.Wait();

        // Posted while another thread drains: queued, run by that thread later.
        var ran = false;
        loop.Post(() => ran = true);
        Assert.That(loop.IsIdle, Is.False);
        Assert.That(ran, Is.False);

        release.Set();
        drainer.Wait();
        Assert.That(ran, Is.True);
        Assert.That(loop.IsIdle, Is.True);
    }
}
