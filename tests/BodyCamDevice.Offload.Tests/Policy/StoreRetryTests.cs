// The back-off on a fake clock: nothing is retried before its delay has passed, delays grow and
// stay under the cap, jitter spreads them, and the number of retries is bounded.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Store;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Offload.Tests.Policy;

public class StoreRetryTests
{
    private static readonly OffloadSettings Settings = new() { RetryDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromSeconds(30), RetryAttempts = 6 };

    [Test]
    public async Task ABusyStoreIsTriedAgainOnlyAfterEachDelayHasPassed()
    {
        var clock = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var retry = new StoreRetry(Settings, clock, (_, delay, _) => { lock (delays) { delays.Add(delay); } });
        var attempts = 0;
        using var attempted = new SemaphoreSlim(0);

        var running = retry.RunAsync(
            _ =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                attempted.Release();
                return attempt < 4 ? throw new StoreException(StoreFailureKind.Busy, "503") : Task.CompletedTask;
            },
            CancellationToken.None);

        Assert.That(await attempted.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        for (var retried = 1; retried < 4; retried++)
        {
            // The retry runs on the thread pool once its timer fires; only the fake clock fires it.
            Assert.That(() => delays.Count, Is.EqualTo(retried).After(10_000, 5));
            clock.Advance(delays[^1] - TimeSpan.FromMilliseconds(1));
            Assert.That(await attempted.WaitAsync(TimeSpan.FromMilliseconds(200)), Is.False, "not before the delay");
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.That(await attempted.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "right after it");
        }

        await running;
        Assert.That(delays, Has.Count.EqualTo(3));
    }

    [Test]
    public void DelaysGrowStayUnderTheCapAndStopAfterTheLastRetry()
    {
        var delays = Exhaust(new Random(1).NextDouble, out var attempts, out var failure);

        Assert.That(attempts, Is.EqualTo(Settings.RetryAttempts + 1));
        Assert.That(failure, Is.TypeOf<StoreException>());
        Assert.That(delays, Has.Count.EqualTo(Settings.RetryAttempts));
        Assert.That(delays, Has.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(Settings.RetryMaxDelay));
        Assert.That(delays.Take(3).Sum(delay => delay.TotalSeconds), Is.LessThan(delays.Skip(3).Sum(delay => delay.TotalSeconds)), "later delays are longer on the whole");
    }

    [Test]
    public void JitterSpreadsTheDelaysOfCamerasThatFailedTogether()
    {
        var one = Exhaust(new Random(1).NextDouble, out _, out _);
        var other = Exhaust(new Random(2).NextDouble, out _, out _);

        Assert.That(one, Is.Not.EqualTo(other));
    }

    [Test]
    public void WhatTheStoreWillNeverAcceptIsNotRetried()
    {
        var attempts = 0;
        var retry = new StoreRetry(Settings, new FakeTimeProvider());

        Assert.That(() => retry.RunAsync(_ => { attempts++; throw new StoreException(StoreFailureKind.Full, "507"); }, CancellationToken.None),
            Throws.TypeOf<StoreException>().With.Property(nameof(StoreException.Kind)).EqualTo(StoreFailureKind.Full));
        Assert.That(attempts, Is.EqualTo(1));
    }

    private static List<TimeSpan> Exhaust(Func<double> randomizer, out int attempts, out Exception? failure)
    {
        var clock = new FakeTimeProvider();
        var delays = new List<TimeSpan>();
        var retry = new StoreRetry(Settings, clock, (_, delay, _) => delays.Add(delay), randomizer);
        var tries = 0;
        var running = retry.RunAsync(_ => { tries++; throw new StoreException(StoreFailureKind.Transport, "connection refused"); }, CancellationToken.None);
        while (!running.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        attempts = tries;
        failure = running.Exception?.InnerException;
        return delays;
    }
}
