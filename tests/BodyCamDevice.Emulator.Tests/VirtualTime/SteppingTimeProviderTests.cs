// SteppingTimeProvider.IsQuiet: a step's timers may run on another thread after the step returns
// (FakeTimeProvider runs every due timer on the thread already running timers), and a stepper
// must not look for the next timer before they have run: they arm the next ones.
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Emulator.Tests.VirtualTime;

public class SteppingTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Test]
    public async Task ATimerAStepMadeDueButAnotherThreadRunsKeepsTheClockBusyUntilItHasRun()
    {
        var clock = new SteppingTimeProvider(Start);
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();

        // Another thread arms a timer due at once whose callback holds that thread: it is then the
        // thread that runs timers, as the recording writer is when it arms its poll.
        using var holder = clock.CreateTimer(_ =>
        {
            inside.Set();
            release.Wait(Bound);
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var other = Task.Run(() => holder.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        Assert.That(inside.Wait(Bound), Is.True, "the other thread runs its timer");

        int ran = 0;
        using var reminder = clock.CreateTimer(_ => Interlocked.Increment(ref ran), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        clock.StepToNextTimer(TimeSpan.FromSeconds(5));

        Assert.That(clock.GetUtcNow(), Is.EqualTo(Start.AddSeconds(1)));
        Assert.That(Volatile.Read(ref ran), Is.Zero, "the step returned before its timer ran: the other thread runs it");
        Assert.That(clock.IsQuiet, Is.False, "a timer is due and has not run, and another is running");

        release.Set();
        await other.WaitAsync(Bound);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!clock.IsQuiet && waited.Elapsed < Bound)
        {
            await Task.Delay(1);
        }

        Assert.That(clock.IsQuiet, Is.True);
        Assert.That(Volatile.Read(ref ran), Is.EqualTo(1), "once quiet, the step's timer has run (on the other thread)");
    }

    [Test]
    public void TimersNotYetDueDisposedOrRunDoNotKeepTheClockBusy()
    {
        var clock = new SteppingTimeProvider(Start);
        int ran = 0;
        using var soon = clock.CreateTimer(_ => ran++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var later = clock.CreateTimer(_ => ran++, null, TimeSpan.FromSeconds(60), Timeout.InfiniteTimeSpan);
        var dropped = clock.CreateTimer(_ => ran += 100, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var periodic = clock.CreateTimer(_ => ran += 10, null, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        Assert.That(clock.IsQuiet, Is.True, "nothing due yet");

        dropped.Dispose();
        clock.Step(TimeSpan.FromSeconds(5));

        Assert.That(ran, Is.EqualTo(11), "the 1 s timer and the periodic one's first run; not the disposed one");
        Assert.That(clock.IsQuiet, Is.True, "every timer due has run; the 60 s one is not due");

        soon.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        Assert.That(clock.IsQuiet, Is.True, "re-armed for later");
        clock.Step(TimeSpan.FromSeconds(1));
        Assert.That(ran, Is.EqualTo(22), "the re-armed timer ran at its new time, and the periodic one again at 6 s");
        Assert.That(clock.IsQuiet, Is.True);
    }
}
