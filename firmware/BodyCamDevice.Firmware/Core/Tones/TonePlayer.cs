// Plays tone patterns one after another on the beeper and vibration motor. Patterns requested
// while one plays wait their turn (a start beep and an alarm never garble each other). Muting
// (stealth) silences at once and drops whatever is queued: a covert officer must not be given
// away by a late beep.
//
// Runs on the device loop only.
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Core.Tones;

public sealed class TonePlayer
{
    private readonly IDeviceScheduler _scheduler;
    private readonly IBeeper _beeper;
    private readonly IVibrationMotor _vibration;
    private readonly ToneOptions _options;
    private readonly Queue<TonePattern> _queue = new();
    private TonePattern? _current;
    private int _stepIndex;
    private IScheduledWork? _next;
    private bool _toneOn;
    private bool _vibrating;
    private bool _muted;

    public TonePlayer(IDeviceScheduler scheduler, IBeeper beeper, IVibrationMotor vibration, ToneOptions options)
    {
        _scheduler = scheduler;
        _beeper = beeper;
        _vibration = vibration;
        _options = options;
    }

    public void Play(TonePattern pattern)
    {
        if (_muted)
        {
            return;
        }

        _queue.Enqueue(pattern);
        if (_current is null)
        {
            StartNext();
        }
    }

    public void SetMuted(bool muted)
    {
        _muted = muted;
        if (!muted)
        {
            return;
        }

        _queue.Clear();
        _next?.Cancel();
        _next = null;
        _current = null;
        Apply(tone: false, vibrate: false);
    }

    private void StartNext()
    {
        if (!_queue.TryDequeue(out var pattern))
        {
            _current = null;
            return;
        }

        _current = pattern;
        _stepIndex = 0;
        RunStep();
    }

    private void RunStep()
    {
        var step = _current!.Steps[_stepIndex];
        Apply(step.Tone, step.Vibrate);
        _next = _scheduler.ScheduleAfter(step.Duration, () =>
        {
            _next = null;
            _stepIndex++;
            if (_stepIndex < _current!.Steps.Count)
            {
                RunStep();
            }
            else
            {
                Apply(tone: false, vibrate: false);
                StartNext();
            }
        });
    }

    private void Apply(bool tone, bool vibrate)
    {
        if (tone != _toneOn)
        {
            _toneOn = tone;
            if (tone)
            {
                _beeper.StartTone(_options.FrequencyHz, _options.DutyCycle);
            }
            else
            {
                _beeper.StopTone();
            }
        }

        if (vibrate != _vibrating)
        {
            _vibrating = vibrate;
            _vibration.SetRunning(vibrate);
        }
    }
}
