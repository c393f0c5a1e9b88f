// A PwmChannel decorator that records start, stop and every frequency or duty change while
// running into an OutputTrace, then passes the call on: the beeper's tones and a dimmed LED's
// on/off, on a real PWM channel or a virtual one. Owns and disposes the inner channel.
using System.Device.Pwm;

namespace BodyCamDevice.Firmware.Hardware.Tracing;

public sealed class TracingPwmChannel(PwmChannel inner, string line, OutputTrace trace) : PwmChannel
{
    private readonly Lock _lock = new();
    private bool _running;

    public string Line => line;

    public override int Frequency
    {
        get => inner.Frequency;
        set => Change(() => inner.Frequency = value, inner.Frequency != value);
    }

    public override double DutyCycle
    {
        get => inner.DutyCycle;
        set => Change(() => inner.DutyCycle = value, !inner.DutyCycle.Equals(value));
    }

    public override void Start()
    {
        inner.Start();
        Record(running: true, onlyIfChanged: true);
    }

    public override void Stop()
    {
        inner.Stop();
        Record(running: false, onlyIfChanged: true);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Change(Action assign, bool differs)
    {
        assign();
        if (differs)
        {
            Record(running: true, onlyIfChanged: false);
        }
    }

    private void Record(bool running, bool onlyIfChanged)
    {
        lock (_lock)
        {
            // A change of frequency or duty is only an event while the channel runs.
            if (onlyIfChanged ? _running == running : !_running)
            {
                return;
            }

            _running = running;
        }

        trace.Append(line, running, inner.Frequency, inner.DutyCycle);
    }
}
