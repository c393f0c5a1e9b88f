// Where the firmware's pins come from: libgpiod and the kernel's PWM channels on a board, or the
// virtual driver and virtual PWM channels (--virtual-gpio) on machines without a GPIO chip. Tests
// put their own driver here (one that counts the pins opened).
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Device.Drivers;

internal interface IDeviceDrivers
{
    /// <summary>For the log: "libgpiod on /dev/gpiochip0", "virtual GPIO".</summary>
    string Description { get; }

    /// <summary>True for the virtual driver: inputs rest at their inactive level and only a rig moves them.</summary>
    bool IsVirtual { get; }

    /// <summary>Opens the GPIO chip for a validated configuration; throws <see cref="HardwareUnavailableException"/> naming it when it cannot.</summary>
    GpioDriver OpenGpio(DeviceOptions options);

    /// <summary>Creates PWM channels; the factory throws <see cref="HardwareUnavailableException"/> for a channel it cannot open.</summary>
    PwmChannelFactory Pwm { get; }
}
