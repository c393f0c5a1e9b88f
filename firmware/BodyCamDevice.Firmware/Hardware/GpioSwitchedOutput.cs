// An output that is simply on or off on a GPIO line: an LED (lit for any brightness above zero:
// a GPIO line cannot dim), an active buzzer (it has its own oscillator, so frequency is ignored)
// or a vibration motor behind a transistor.
// Does not own the GpioController; closes its pin on Dispose.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Indicators;
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Hardware;

public sealed class GpioSwitchedOutput : IBrightnessOutput, IBeeper, IVibrationMotor, IDisposable
{
    private readonly GpioController _gpio;
    private readonly int _pin;
    private readonly PinValue _on;
    private readonly PinValue _off;

    public GpioSwitchedOutput(GpioController gpio, int pin, ActiveLevel activeLevel)
    {
        _gpio = gpio;
        _pin = pin;
        _on = activeLevel == ActiveLevel.High ? PinValue.High : PinValue.Low;
        _off = activeLevel == ActiveLevel.High ? PinValue.Low : PinValue.High;
        _gpio.OpenPin(pin, PinMode.Output, _off);
    }

    public void SetBrightness(double brightness) => _gpio.Write(_pin, brightness > 0 ? _on : _off);

    public void StartTone(int frequencyHz, double dutyCycle) => _gpio.Write(_pin, _on);

    public void StopTone() => _gpio.Write(_pin, _off);

    public void SetRunning(bool running) => _gpio.Write(_pin, running ? _on : _off);

    public void Dispose()
    {
        if (_gpio.IsPinOpen(_pin))
        {
            _gpio.Write(_pin, _off);
            _gpio.ClosePin(_pin);
        }
    }
}

/// <summary>Stands in for hardware a build leaves out (no beeper, no vibration motor).</summary>
public sealed class AbsentOutput : IBeeper, IVibrationMotor
{
    public static AbsentOutput Instance { get; } = new();

    public void StartTone(int frequencyHz, double dutyCycle)
    {
    }

    public void StopTone()
    {
    }

    public void SetRunning(bool running)
    {
    }
}
