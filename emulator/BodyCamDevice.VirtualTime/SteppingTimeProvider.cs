// FakeTimeProvider moves its clock to the end of an Advance before it fires the timers that fell
// due, so a timer callback sees the final time and a timer it creates fires late. Devices need
// each timer to fire at its own moment: this provider remembers every due time and advances
// from one to the next, so virtual time passes exactly as real time would.
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.VirtualTime;

public sealed class SteppingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly PriorityQueue<DateTimeOffset, DateTimeOffset> _dueTimes = new();
    private readonly Lock _lock = new();

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

        return base.CreateTimer(callback, state, dueTime, period);
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
}
