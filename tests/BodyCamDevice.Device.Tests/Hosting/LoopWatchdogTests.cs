// The watchdog's timing on virtual time: a heartbeat every period, fed only when the loop runs
// it; a loop that does not run stops the feeding, with at most one heartbeat waiting in it.
using BodyCamDevice.Device.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Device.Tests.Hosting;

public class LoopWatchdogTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    // A loop the test runs by hand: posted work waits until Run.
    private sealed class ManualLoop
    {
        private readonly Queue<Action> _queue = new();

        public int Waiting => _queue.Count;

        public void Post(Action work) => _queue.Enqueue(work);

        public void Run()
        {
            while (_queue.TryDequeue(out var work))
            {
                work();
            }
        }
    }

    [Test]
    public void ALoopThatRunsIsFedOncePerPeriodStartingAtOnce()
    {
        var time = new FakeTimeProvider();
        var fed = 0;
        var loop = new BodyCamDevice.Firmware.Core.DeviceEventLoop(time);
        using var watchdog = new LoopWatchdog(time, loop.Post, Period, () => fed++);

        watchdog.Start();
        Assert.That(fed, Is.EqualTo(1), "the first heartbeat goes out at once");
        time.Advance(Period - TimeSpan.FromMilliseconds(1));
        Assert.That(fed, Is.EqualTo(1));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(fed, Is.EqualTo(2));
        time.Advance(Period * 10);
        Assert.That(fed, Is.EqualTo(12));
        Assert.That(watchdog.Missed, Is.Zero);
    }

    [Test]
    public void AHungLoopIsNotFedAndHoldsOneHeartbeat()
    {
        var time = new FakeTimeProvider();
        var loop = new ManualLoop();
        var fed = 0;
        using var watchdog = new LoopWatchdog(time, loop.Post, Period, () => fed++);
        watchdog.Start();
        loop.Run();
        Assert.That(fed, Is.EqualTo(1));

        // The loop stops running: heartbeats are posted but never run.
        time.Advance(Period * 6);
        Assert.That(fed, Is.EqualTo(1), "nothing fed while the loop is stuck");
        Assert.That(loop.Waiting, Is.EqualTo(1), "one heartbeat waits; they do not pile up");
        Assert.That(watchdog.Missed, Is.EqualTo(5));

        // The loop comes back: one feed, not a burst, then the rhythm again.
        loop.Run();
        Assert.That(fed, Is.EqualTo(2));
        time.Advance(Period);
        loop.Run();
        Assert.That(fed, Is.EqualTo(3));
    }

    [Test]
    public void AStoppedWatchdogPostsNothingMore()
    {
        var time = new FakeTimeProvider();
        var loop = new ManualLoop();
        var watchdog = new LoopWatchdog(time, loop.Post, Period, () => { });
        watchdog.Start();
        loop.Run();
        watchdog.Dispose();
        time.Advance(Period * 3);
        Assert.That(loop.Waiting, Is.Zero);
    }
}
