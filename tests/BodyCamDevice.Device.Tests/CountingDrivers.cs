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
    private readonly VirtualDrivers _inner = new(TimeProvider.System);
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

    // GpioDriver's members are protected: the inner driver is reached through a controller.
    private sealed class CountingGpioDriver(GpioDriver inner) : GpioDriver
    {
        private readonly GpioController _inner = new(inner);
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        protected override int PinCount => _inner.PinCount;

        protected override void OpenPin(int pinNumber)
        {
            Interlocked.Increment(ref _opened);
            _inner.OpenPin(pinNumber);
        }

        protected override void ClosePin(int pinNumber) => _inner.ClosePin(pinNumber);

        protected override void SetPinMode(int pinNumber, PinMode mode) => _inner.SetPinMode(pinNumber, mode);

        protected override PinMode GetPinMode(int pinNumber) => _inner.GetPinMode(pinNumber);

        protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => _inner.IsPinModeSupported(pinNumber, mode);

        protected override PinValue Read(int pinNumber) => _inner.Read(pinNumber);

        protected override void Write(int pinNumber, PinValue value) => _inner.Write(pinNumber, value);

        protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
            _inner.WaitForEvent(pinNumber, eventTypes, cancellationToken);

        protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
            _inner.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, callback);

        protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
            _inner.UnregisterCallbackForPinValueChangedEvent(pinNumber, callback);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
