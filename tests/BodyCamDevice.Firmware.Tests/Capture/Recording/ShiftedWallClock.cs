// A device clock whose wall clock can be stepped while its monotonic clock and its timers run on
// untouched, as clock_settime (or a bad time source) does to a real device: timestamps and timers
// are the inner provider's; GetUtcNow is the inner wall clock plus Shift.
// Threads: Shift may be set from any thread.
namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

internal sealed class ShiftedWallClock(TimeProvider inner) : TimeProvider
{
    private long _shiftTicks;

    public TimeSpan Shift
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));
        set => Interlocked.Exchange(ref _shiftTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Shift;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
