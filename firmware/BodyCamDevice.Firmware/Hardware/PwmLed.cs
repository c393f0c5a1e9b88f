// An LED on a PWM channel, so it can be dimmed: brightness is the duty cycle (inverted for an
// LED wired active-low). Owns and disposes its PwmChannel.
using System.Device.Pwm;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Indicators;

namespace BodyCamDevice.Firmware.Hardware;

public sealed class PwmLed : IBrightnessOutput, IDisposable
{
    private readonly PwmChannel _channel;
    private readonly bool _activeLow;
    private bool _running;

    public PwmLed(PwmChannel channel, ActiveLevel activeLevel)
    {
        _channel = channel;
        _activeLow = activeLevel == ActiveLevel.Low;
    }

    public void SetBrightness(double brightness)
    {
        var level = Math.Clamp(brightness, 0, 1);
        if (level == 0 && !_activeLow)
        {
            // Stopped, the line rests low: dark for an active-high LED.
            if (_running)
            {
                _channel.Stop();
                _running = false;
            }

            return;
        }

        _channel.DutyCycle = _activeLow ? 1 - level : level;
        if (!_running)
        {
            _channel.Start();
            _running = true;
        }
    }

    public void Dispose()
    {
        if (_running)
        {
            _channel.Stop();
        }

        _channel.Dispose();
    }
}
