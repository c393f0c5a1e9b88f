// Sets the fitted real-time clock, after the dock has set the system clock from the evidence
// store's time, so the next boot starts from the right time even offline: on a camera the
// kernel's RTC device (LinuxRtcSetter); in tests a fake. A device without an RTC has none.
namespace BodyCamDevice.Firmware.Hardware.Rtc;

public interface IRtcSetter
{
    /// <summary>What is set, for the audit log (e.g. /dev/rtc0).</summary>
    string Name { get; }

    /// <summary>Sets the RTC to <paramref name="utc"/>; false with <paramref name="problem"/> when it may not or cannot. Never throws.</summary>
    bool TrySet(DateTimeOffset utc, out string? problem);
}
