// A passive piezo on a PWM channel: the tone is a square wave of the requested frequency; the
// duty cycle sets loudness (0.5 is loudest). Owns and disposes its PwmChannel.
// Iot.Device.Buzzer is not used: its PlayTone blocks the calling thread for the tone's length,
// and the device loop must never block.
using System.Device.Pwm;
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Hardware;

public sealed class PwmBeeper(PwmChannel channel) : IBeeper, IDisposable
{
    private bool _running;

    public void StartTone(int frequencyHz, double dutyCycle)
    {
        channel.Frequency = frequencyHz;
        channel.DutyCycle = dutyCycle;
        if (!_running)
        {
            channel.Start();
            _running = true;
        }
    }

    public void StopTone()
    {
        if (_running)
        {
            channel.Stop();
            _running = false;
        }
    }

    public void Dispose()
    {
        StopTone();
        channel.Dispose();
    }
}
