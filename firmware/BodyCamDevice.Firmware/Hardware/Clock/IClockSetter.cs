// Sets the device's wall clock (the one its TimeProvider reads), where the device is allowed to:
// on a camera, the kernel's CLOCK_REALTIME (LinuxClockSetter, which needs CAP_SYS_TIME); in
// tests, the fake clock. A desktop running the emulator gets none: its clock is not the camera's.
namespace BodyCamDevice.Firmware.Hardware.Clock;

public interface IClockSetter
{
    /// <summary>Sets the clock to <paramref name="utc"/>; false with <paramref name="problem"/> when it may not or cannot.</summary>
    bool TrySet(DateTimeOffset utc, out string? problem);
}
