// FakeTimeProvider moves its clock to the end of an Advance before it fires the timers that fell
// due, so a timer callback sees the final time and a timer it creates fires late. Devices need
// each timer to fire at its own moment: this provider remembers every due time and advances
// from one to the next, so virtual time passes exactly as real time would.
//
// FakeTimeProvider also fires a timer on whichever thread is already firing timers: a thread that
// arms a timer (ITimer.Change, as the recording writer does for its poll) runs every timer that is
// due while it is in there, and an Advance made meanwhile returns at once, before the timers it
// made due have run. IsQuiet tells a stepper when that has happened: it is false while a timer's
// callback runs on any thread, or while a one-shot timer is due and has not fired yet. A stepper
// that waits for IsQuiet before it looks for the next timer finds the timers those callbacks arm.
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.VirtualTime;

public sealed class SteppingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly PriorityQueue<DateTimeOffset, DateTimeOffset> _dueTimes = new();
    private readonly HashSet<SteppedTimer> _armed = new(); // one-shot timers armed and not yet fired; under _lock
    private readonly Lock _lock = new();
    private int _running; // timer callbacks running now, on any thread

    /// <summary>
    /// True when no timer callback is running and no one-shot timer is due without having fired:
    /// everything an Advance made due has run, whichever thread ran it.
    /// </summary>
    public bool IsQuiet
    {
        get
        {
            var now = GetUtcNow();
            lock (_lock)
            {
                if (Volatile.Read(ref _running) > 0)
                {
                    return false;
                }

                foreach (var timer in _armed)
                {
                    if (timer.Due <= now)
                    {
                        return false;
                    }
                }

                return true;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            var due = GetUtcNow() + dueTime;
            lock (_lock)
            {
                _dueTimes.Enqueue(due, due);
            }
        }

        var timer = new SteppedTimer(this, callback, state);
        timer.Arm(dueTime, period, () => base.CreateTimer(static timerState => ((SteppedTimer)timerState!).Fire(), timer, dueTime, period));
        return timer;
    }

    /// <summary>
    /// Advances to the next timer's due time, or by <paramref name="limit"/> when none falls due
    /// before that: one stop only. For a caller that must let other threads catch up with the
    /// device at every instant something happens (a recording writer writing real files).
    /// </summary>
    public void StepToNextTimer(TimeSpan limit)
    {
        var target = GetUtcNow() + limit;
        DateTimeOffset next;
        lock (_lock)
        {
            if (_dueTimes.TryPeek(out next, out _) && next <= target)
            {
                _dueTimes.Dequeue();
            }
            else
            {
                next = target;
            }
        }

        var now = GetUtcNow();
        Advance(next > now ? next - now : TimeSpan.Zero);
    }

    /// <summary>Advances to <paramref name="delta"/> later, stopping at every timer's due time on the way.</summary>
    public void Step(TimeSpan delta)
    {
        var target = GetUtcNow() + delta;
        while (true)
        {
            DateTimeOffset next;
            lock (_lock)
            {
                if (!_dueTimes.TryPeek(out next, out _) || next > target)
                {
                    break;
                }

                _dueTimes.Dequeue();
            }

            var now = GetUtcNow();
            if (next > now)
            {
                Advance(next - now);
            }
            else
            {
                // Zero-delay timers created inside callbacks still need a nudge to run.
                Advance(TimeSpan.Zero);
            }
        }

        var remaining = target - GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            Advance(remaining);
        }
    }

    // The ITimer handed out: FakeTimeProvider's timer inside, with the bookkeeping IsQuiet reads.
    private sealed class SteppedTimer(SteppingTimeProvider provider, TimerCallback callback, object? state) : ITimer
    {
        private ITimer? _inner;
        private long _fires; // under provider._lock
        private bool _disposed; // under provider._lock

        // While the timer is in provider._armed: when it is due, FakeTimeProvider's own due time or
        // later when the clock moved while it was armed (never earlier, so IsQuiet never waits for
        // a timer that cannot fire yet). Under provider._lock.
        public DateTimeOffset Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool changed = false;
            Arm(dueTime, period, () =>
            {
                changed = _inner!.Change(dueTime, period);
                return _inner;
            });
            return changed;
        }

        public void Dispose()
        {
            Disarm();
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disarm();
            return _inner?.DisposeAsync() ?? ValueTask.CompletedTask;
        }

        // Arms the timer through `arm` (which may fire it at once, on this thread) and records
        // when a one-shot timer falls due. Periodic timers are seen only while their callback runs.
        public void Arm(TimeSpan dueTime, TimeSpan period, Func<ITimer> arm)
        {
            long firesBefore;
            lock (provider._lock)
            {
                provider._armed.Remove(this);
                firesBefore = _fires;
            }

            _inner = arm();
            var after = provider.GetUtcNow();
            // FakeTimeProvider's one-shot timers have an infinite or a zero period.
            if (dueTime == Timeout.InfiniteTimeSpan || (period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero))
            {
                return;
            }

            lock (provider._lock)
            {
                if (!_disposed && _fires == firesBefore)
                {
                    Due = after + dueTime;
                    provider._armed.Add(this);
                }
            }
        }

        public void Fire()
        {
            Interlocked.Increment(ref provider._running);
            try
            {
                lock (provider._lock)
                {
                    _fires++;
                    provider._armed.Remove(this);
                }

                callback(state);
            }
            finally
            {
                Interlocked.Decrement(ref provider._running);
            }
        }

        private void Disarm()
        {
            lock (provider._lock)
            {
                _disposed = true;
                provider._armed.Remove(this);
            }
        }
    }
}
