// Notices steps of the wall clock (TimeProvider.GetUtcNow) by comparing how far it moved with how
// far the monotonic clock (GetTimestamp) did since the last look. A clock set by hand, by a time
// service or to a bad time moves the one and not the other; slewing (at most 0.05 %) never adds
// up to Threshold between two looks. A look whose two monotonic readings around the wall-clock
// reading lie more than MaxReadSpread apart (the thread was preempted between them) is skipped.
// Pure apart from the clock it reads. Threads: one caller (the recording writer's task).
namespace BodyCamDevice.Firmware.Capture.Recording;

internal sealed class WallClockWatch
{
    /// <summary>Smaller differences are not reported (NTP daemons step only beyond 0.128 s, chrony beyond 1 s by default).</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan MaxReadSpread = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private long _lastTimestamp;
    private DateTimeOffset _lastUtc;

    public WallClockWatch(TimeProvider time)
    {
        _time = time;
        _lastTimestamp = time.GetTimestamp();
        _lastUtc = time.GetUtcNow();
    }

    /// <summary>The step since the last look, or null when there was none (or this look is skipped).</summary>
    public WallClockStep? Look()
    {
        long before = _time.GetTimestamp();
        DateTimeOffset utc = _time.GetUtcNow();
        long after = _time.GetTimestamp();
        if (_time.GetElapsedTime(before, after) > MaxReadSpread)
        {
            return null;
        }

        DateTimeOffset expected = _lastUtc + _time.GetElapsedTime(_lastTimestamp, before);
        _lastTimestamp = before;
        _lastUtc = utc;
        return (utc - expected).Duration() > Threshold ? new WallClockStep(expected, utc) : null;
    }
}

/// <summary>The wall clock read <see cref="To"/> where, running on, it would have read <see cref="From"/>.</summary>
internal readonly record struct WallClockStep(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Size => To - From;
}
