// The same firmware on no hardware (--virtual-gpio), for CI, benches and machines without a GPIO
// chip: the firmware's VirtualDrivers (the emulator's too), kept so a caller (the self-test, the
// rig) can drive the inputs and read the pins.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Device.Drivers;

internal sealed class VirtualDeviceDrivers(TimeProvider time) : IDeviceDrivers
{
    public VirtualDrivers Virtual { get; } = new(time);

    public string Description => "virtual GPIO and PWM (no hardware)";

    public bool IsVirtual => true;

    /// <summary>The driver, with every enabled input at its inactive level, as a board's pulls hold them.</summary>
    public GpioDriver OpenGpio(DeviceOptions options)
    {
        Virtual.Gpio.RestInputs(options.Pins);
        return Virtual.Gpio;
    }

    public PwmChannelFactory Pwm => Virtual.Pwm;
}
