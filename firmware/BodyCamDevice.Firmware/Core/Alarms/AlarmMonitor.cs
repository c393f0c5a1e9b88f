// Keeps the set of active alarm conditions and sounds each one now and then every repeat
// interval while it lasts. Each alarm repeats on its own schedule from when it was raised.
//
// Runs on the device loop only.
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Core.Alarms;

public sealed class AlarmMonitor
{
    private readonly IDeviceScheduler _scheduler;
    private readonly TonePlayer _tones;
    private readonly TonePatterns _patterns;
    private readonly TimeSpan _repeatInterval;
    private readonly Dictionary<AlarmKind, IScheduledWork?> _active = new();

    public AlarmMonitor(IDeviceScheduler scheduler, TonePlayer tones, TonePatterns patterns, TimeSpan repeatInterval)
    {
        _scheduler = scheduler;
        _tones = tones;
        _patterns = patterns;
        _repeatInterval = repeatInterval;
    }

    /// <summary>Raised on the loop with (alarm, active) when a condition starts or ends.</summary>
    public event Action<AlarmKind, bool>? Changed;

    public IReadOnlyCollection<AlarmKind> Active => _active.Keys;

    public bool IsActive(AlarmKind kind) => _active.ContainsKey(kind);

    public void Set(AlarmKind kind, bool active)
    {
        if (active == _active.ContainsKey(kind))
        {
            return;
        }

        if (active)
        {
            _active[kind] = null;
            Changed?.Invoke(kind, true);
            Sound(kind);
        }
        else
        {
            _active.Remove(kind, out var repeat);
            repeat?.Cancel();
            Changed?.Invoke(kind, false);
        }
    }

    public TonePattern PatternOf(AlarmKind kind) => kind switch
    {
        AlarmKind.StorageFull => _patterns.StorageFull,
        AlarmKind.LowBattery => _patterns.LowBattery,
        AlarmKind.ClockNotSet => _patterns.ClockNotSet,
        AlarmKind.CameraFault => _patterns.CameraFault,
        AlarmKind.StorageFault => _patterns.StorageFault,
        AlarmKind.InternalFault => _patterns.InternalFault,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The alarm a fault sounds while it lasts.</summary>
    public static AlarmKind Of(FaultCode fault) => fault switch
    {
        FaultCode.Camera => AlarmKind.CameraFault,
        FaultCode.Storage => AlarmKind.StorageFault,
        _ => AlarmKind.InternalFault,
    };

    /// <summary>Sounds the alarm of <paramref name="fault"/>, and only that fault alarm (null: none).</summary>
    public void SetFault(FaultCode? fault)
    {
        foreach (var code in Enum.GetValues<FaultCode>())
        {
            if (code != fault)
            {
                Set(Of(code), false);
            }
        }

        if (fault is { } active)
        {
            Set(Of(active), true);
        }
    }

    private void Sound(AlarmKind kind)
    {
        if (!_active.ContainsKey(kind))
        {
            return;
        }

        _tones.Play(PatternOf(kind));
        _active[kind] = _scheduler.ScheduleAfter(_repeatInterval, () => Sound(kind));
    }
}
