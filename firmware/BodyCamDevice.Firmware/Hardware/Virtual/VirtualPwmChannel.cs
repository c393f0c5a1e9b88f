// A PWM channel with no hardware behind it: records every start, stop and change while running
// (frequency and duty) in a timestamped trace, which is what a passive piezo or a dimmed LED
// would do with it. Thread-safe.
using System.Device.Pwm;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public sealed class VirtualPwmChannel : PwmChannel
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<ToneEvent> _trace = new();
    private int _frequency;
    private double _dutyCycle;
    private bool _running;

    public VirtualPwmChannel(TimeProvider time, string name, int frequency = 400, double dutyCycle = 0.5)
    {
        _time = time;
        Name = name;
        _frequency = frequency;
        _dutyCycle = dutyCycle;
    }

    /// <summary>Raised after every recorded event, on the thread that caused it.</summary>
    public event Action<ToneEvent>? Changed;

    public string Name { get; }

    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    public override int Frequency
    {
        get => _frequency;
        set
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "PWM frequency must be positive.");
            }

            Set(() => _frequency = value, _frequency != value);
        }
    }

    public override double DutyCycle
    {
        get => _dutyCycle;
        set
        {
            if (value is < 0 or > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Duty cycle is a fraction from 0 to 1.");
            }

            Set(() => _dutyCycle = value, !_dutyCycle.Equals(value));
        }
    }

    public IReadOnlyList<ToneEvent> Trace
    {
        get
        {
            lock (_lock)
            {
                return _trace.ToArray();
            }
        }
    }

    public void ClearTrace()
    {
        lock (_lock)
        {
            _trace.Clear();
        }
    }

    public override void Start() => Transition(running: true, ToneEventKind.Started);

    public override void Stop() => Transition(running: false, ToneEventKind.Stopped);

    private void Transition(bool running, ToneEventKind kind)
    {
        ToneEvent recorded;
        lock (_lock)
        {
            if (_running == running)
            {
                return;
            }

            _running = running;
            recorded = Record(kind);
        }

        Changed?.Invoke(recorded);
    }

    private void Set(Action assign, bool differs)
    {
        ToneEvent? recorded = null;
        lock (_lock)
        {
            assign();
            if (differs && _running)
            {
                recorded = Record(ToneEventKind.Changed);
            }
        }

        if (recorded is { } value)
        {
            Changed?.Invoke(value);
        }
    }

    private ToneEvent Record(ToneEventKind kind)
    {
        var recorded = new ToneEvent(_time.GetTimestamp(), _time.GetUtcNow(), Name, kind, _frequency, _dutyCycle);
        _trace.Add(recorded);
        return recorded;
    }
}
