namespace BodyCamDevice.Firmware.Core.Clock;

/// <summary>
/// One read of the real-time clock. <see cref="Time"/> is the time the chip holds, as UTC (null
/// when it could not be read); <see cref="OscillatorStopped"/> is the chip's own flag that its
/// oscillator stopped since the time was last set (the time is then not to be trusted);
/// <see cref="Error"/> says why there is no time.
/// </summary>
public sealed record RtcReading(RtcReadOutcome Outcome, DateTimeOffset? Time, bool OscillatorStopped, string? Error)
{
    public static RtcReading Read(DateTimeOffset time, bool oscillatorStopped) => new(RtcReadOutcome.Read, time, oscillatorStopped, null);

    /// <summary>The chip did not answer on the bus (not fitted, not powered, wrong address or bus).</summary>
    public static RtcReading Missing(string error) => new(RtcReadOutcome.Missing, null, false, error);

    /// <summary>The chip answered with registers that are no valid date and time.</summary>
    public static RtcReading Unreadable(string error) => new(RtcReadOutcome.Unreadable, null, false, error);
}

public enum RtcReadOutcome
{
    Read,
    Missing,
    Unreadable,
}
