namespace BodyCamDevice.Firmware.Capture;

// Conversions between TimeSpan (100 ns ticks) and the 90 kHz MPEG-TS clock.
internal static class MediaClock
{
    public const long TicksPerSecond = 90_000;

    // TimeSpan ticks per second (10^7) / 90,000 = 1000 / 9.
    public static long FromTimeSpan(TimeSpan value) => value.Ticks * 9 / 1000;

    public static TimeSpan ToTimeSpan(long ticks) => TimeSpan.FromTicks(ticks * 1000 / 9);
}
