// Decides whether the real-time clock can be trusted, and so whether the footage's timestamps
// can: the chip answers, holds a valid date and time, its oscillator never stopped, the time is
// not before Clock.EarliestValidTime, and the system clock (which stamps everything) agrees
// with it within Rtc.MaxSystemClockDifference. Pure: no I/O, no clock of its own.
using System.Globalization;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Core.Clock;

public static class RtcCheck
{
    /// <param name="systemNow">The system clock's time when the chip was read.</param>
    public static RtcVerdict Evaluate(RtcReading reading, DateTimeOffset systemNow, ClockOptions clock, RtcOptions rtc)
    {
        switch (reading.Outcome)
        {
            case RtcReadOutcome.Missing:
                return new(false, $"the RTC does not answer: {reading.Error}");
            case RtcReadOutcome.Unreadable:
                return new(false, $"the RTC holds no valid time: {reading.Error}");
        }

        var time = reading.Time!.Value;
        if (reading.OscillatorStopped)
        {
            return new(false, $"the RTC's oscillator stopped (power lost, backup cell flat?); it reads {Format(time)}");
        }

        if (time < clock.EarliestValidTime)
        {
            return new(false, $"the RTC reads {Format(time)}, before Clock.EarliestValidTime {Format(clock.EarliestValidTime)}: it was never set");
        }

        var difference = systemNow - time;
        if (difference.Duration() > rtc.MaxSystemClockDifference)
        {
            return new(false, $"the system clock ({Format(systemNow)}) is {Math.Abs(difference.TotalSeconds).ToString("0.#", CultureInfo.InvariantCulture)} s from the RTC ({Format(time)}): it was not set from the RTC");
        }

        return new(true, $"the RTC reads {Format(time)}, the system clock agrees");
    }

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Whether the clock can be trusted, and the sentence the audit log and status give.</summary>
public sealed record RtcVerdict(bool Valid, string Detail);
