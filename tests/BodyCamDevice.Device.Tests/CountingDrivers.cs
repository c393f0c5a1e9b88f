// Drivers that count what the firmware opens: whether the GPIO chip was opened at all, every pin
// opened on it, and every PWM channel made. Underneath, the virtual driver does the work, so a
// valid configuration runs as usual (the positive control of "no pin opened").
using System.Device.Gpio;
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Device.Tests;

internal sealed class CountingDrivers : IDeviceDrivers
{
    private readonly VirtualDeviceDrivers _inner = new(TimeProvider.System);
    private int _pwmChannels;
    private CountingGpioDriver? _gpio;

    public string Description => "counting " + _inner.Description;

    public bool IsVirtual => true;

    public bool ChipOpened => _gpio is not null;

    public int PinsOpened => _gpio?.Opened ?? 0;

    public int PwmChannelsMade => Volatile.Read(ref _pwmChannels);

    public GpioDriver OpenGpio(DeviceOptions options) => _gpio = new CountingGpioDriver(_inner.OpenGpio(options));

    public PwmChannelFactory Pwm => (chip, channel, frequencyHz, dutyCycle) =>
    {
        Interlocked.Increment(ref _pwmChannels);
        return _inner.Pwm(chip, channel, frequencyHz, dutyCycle);
    };

    private sealed class CountingGpioDriver(GpioDriver inner) : ForwardingGpioDriver(inner)
    {
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        protected override void OpenPin(int pinNumber)
        {
            Interlocked.Increment(ref _opened);
            base.OpenPin(pinNumber);
        }
    }
}
