// The same firmware on no hardware: VirtualGpioDriver and VirtualPwmChannel (--virtual-gpio), for
// CI, benches and machines without a GPIO chip. The driver is kept so a caller (the self-test,
// the rig) can drive the inputs and read the pins.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Device.Drivers;

internal sealed class VirtualDrivers(TimeProvider time) : IDeviceDrivers
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Chip, int Channel), VirtualPwmChannel> _channels = new();

    public VirtualGpioDriver Gpio { get; } = new(time);

    public string Description => "virtual GPIO and PWM (no hardware)";

    public bool IsVirtual => true;

    /// <summary>The driver, with every enabled input at its inactive level, as a board's pulls hold them.</summary>
    public GpioDriver OpenGpio(DeviceOptions options)
    {
        Gpio.RestInputs(options.Pins);
        return Gpio;
    }

    /// <summary>Every channel made so far, by (chip, channel).</summary>
    public IReadOnlyDictionary<(int Chip, int Channel), VirtualPwmChannel> PwmChannels => _channels;

    public PwmChannelFactory Pwm => (chip, channel, frequencyHz, dutyCycle) =>
        _channels[(chip, channel)] = new VirtualPwmChannel(time, $"pwm{chip}/{channel}", frequencyHz, dutyCycle);
}
