// Plays a LightPattern on one LED. Steps are scheduled against the pattern's start time (not
// "now + step"), so loop latency never accumulates into drift: a 500/500 ms blink stays at 1 Hz.
//
// Runs on the device loop only.
namespace BodyCamDevice.Firmware.Core.Indicators;

public sealed class LightPatternPlayer
{
    private readonly IDeviceScheduler _scheduler;
    private readonly IBrightnessOutput _output;
    private LightPattern _pattern = LightPattern.Off;
    private double _brightness = 1.0;
    private IScheduledWork? _next;
    private int _stepIndex;
    private long _stepStart;
    private double _appliedLevel = double.NaN;

    public LightPatternPlayer(IDeviceScheduler scheduler, IBrightnessOutput output)
    {
        _scheduler = scheduler;
        _output = output;
    }

    public LightPattern Pattern => _pattern;

    /// <summary>Starts <paramref name="pattern"/> from its first step unless it is already playing.</summary>
    public void Play(LightPattern pattern)
    {
        if (pattern.Equals(_pattern))
        {
            return;
        }

        _next?.Cancel();
        _next = null;
        _pattern = pattern;
        _stepIndex = 0;
        _stepStart = _scheduler.Time.GetTimestamp();
        if (pattern.Steps.Count == 0)
        {
            Apply(false);
            return;
        }

        RunStep();
    }

    /// <summary>Scales what the pattern shows: 1 normal, a fraction when dimmed, 0 when dark (stealth, lights off).</summary>
    public void SetBrightness(double brightness)
    {
        _brightness = brightness;
        var lit = _pattern.Steps.Count > 0 && _pattern.Steps[_stepIndex].Lit;
        Apply(lit);
    }

    private void RunStep()
    {
        var step = _pattern.Steps[_stepIndex];
        Apply(step.Lit);
        if (_pattern.Steps.Count == 1)
        {
            return;
        }

        var due = _stepStart + (long)(step.Duration.TotalSeconds * _scheduler.Time.TimestampFrequency);
        var delay = _scheduler.Time.GetElapsedTime(_scheduler.Time.GetTimestamp(), due);
        _next = _scheduler.ScheduleAfter(delay, () =>
        {
            _next = null;
            _stepStart = due;
            _stepIndex = (_stepIndex + 1) % _pattern.Steps.Count;
            RunStep();
        });
    }

    private void Apply(bool lit)
    {
        var level = lit ? _brightness : 0.0;
        if (level.Equals(_appliedLevel))
        {
            return;
        }

        _appliedLevel = level;
        _output.SetBrightness(level);
    }
}
