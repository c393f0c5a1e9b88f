// An LED on a plain GPIO line: lit for any brightness above zero (a GPIO line cannot dim).
// Does not own the GpioController; closes its pin on Dispose.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Indicators;

namespace BodyCamDevice.Firmware.Hardware;

public sealed class GpioLed : IBrightnessOutput, IDisposable
{
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly PinValue _on;
    private readonly PinValue _off;

    public GpioLed(GpioController gpio, int pin, ActiveLevel activeLevel)
    {
        _gpio = gpio;
        _pin = pin;
        _on = activeLevel == ActiveLevel.High ? PinValue.High : PinValue.Low;
        _off = activeLevel == ActiveLevel.High ? PinValue.Low : PinValue.High;
        _gpio.OpenPin(pin, PinMode.Output, _off);
    }

    public void SetBrightness(double brightness) => _gpio.Write(_pin, brightness > 0 ? _on : _off);

    public void Dispose()
    {
        if (_gpio.IsPinOpen(_pin))
        {
            _gpio.Write(_pin, _off);
            _gpio.ClosePin(_pin);
        }
    }
}
