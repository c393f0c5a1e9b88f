// The device's control logic: inputs and pipeline reports in, state, lights, tones and audit out.
// Everything runs on the DeviceEventLoop; the public methods may be called from any thread and
// only post work to the loop. No I/O happens here: pins, PWM, storage and the camera sit behind
// DeviceOutputs, IRecordingPipeline and the audit sinks.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Gestures;
using BodyCamDevice.Firmware.Core.Indicators;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Core;

public sealed partial class DeviceController
{
    private readonly DeviceOptions _options;
    private readonly DeviceEventLoop _loop;
    private readonly IRecordingPipeline _pipeline;
    private readonly AuditTrail _audit;
    private readonly DeviceStateMachine _machine;
    private readonly IndicatorPatterns _indicatorPatterns;
    private readonly LightPatternPlayer _redLight;
    private readonly LightPatternPlayer _greenLight;
    private readonly TonePatterns _tonePatterns;
    private readonly TonePlayer _tones;
    private readonly AlarmMonitor _alarms;
    private readonly Dictionary<DeviceInput, InputDebouncer> _debouncers = new();
    private readonly ButtonGestureDetector _recordButton;
    private readonly ButtonGestureDetector _functionButton;
    private readonly LocationTracker? _location;
    private IScheduledWork? _reminder;
    private long _reminderDue;
    private bool _started;
    private bool _docked;
    private bool _startPending;
    private bool _stopPending;
    private bool _stealth;
    private LightMode _lightMode;
    private FaultCode? _fault;
    private RecordingStartRequest? _startRequest;
    private RecordingStopRequest? _stopRequest;
    private string? _recordingId;
    private int _markerCount;
    private volatile DeviceStatus _status;

    public DeviceController(ValidatedDeviceOptions validated, DeviceEventLoop loop, DeviceOutputs outputs, IRecordingPipeline pipeline, AuditTrail audit)
    {
        var options = validated.Value;
        _options = options;
        _loop = loop;
        _pipeline = pipeline;
        _audit = audit;
        _lightMode = options.Lights.Mode;
        _machine = new DeviceStateMachine(() => _docked, () => _startPending);
        _machine.Transitioned += OnTransitioned;
        _machine.Unhandled += (state, trigger) => _audit.Record("ignored", ("state", state.ToString()), ("trigger", trigger.ToString()));

        _indicatorPatterns = new IndicatorPatterns(options.Lights);
        _redLight = new LightPatternPlayer(loop, outputs.RecordIndicator);
        _greenLight = new LightPatternPlayer(loop, outputs.StatusLed);
        _tonePatterns = new TonePatterns(options.Tones);
        _tones = new TonePlayer(loop, outputs.Beeper, outputs.Vibration, options.Tones);
        _alarms = new AlarmMonitor(loop, _tones, _tonePatterns, options.Alarms.RepeatInterval);
        _alarms.Changed += (kind, active) =>
        {
            _audit.Record("alarm", ("alarm", kind.ToString()), ("active", active ? "true" : "false"));
            PublishStatus();
        };

        var buttons = options.Buttons;
        var doublePress = buttons.RecordButtonMode == RecordButtonMode.DoublePressToStart ? buttons.DoublePressWindow : (TimeSpan?)null;
        _recordButton = new ButtonGestureDetector(loop, doublePress, buttons.HoldToStop, OnRecordButtonGesture);
        _functionButton = new ButtonGestureDetector(loop, null, buttons.HoldForStealth, OnFunctionButtonGesture);
        foreach (var input in Enum.GetValues<DeviceInput>())
        {
            _debouncers[input] = new InputDebouncer(loop, buttons.Debounce, active => OnDebouncedInput(input, active));
        }

        _location = options.Gnss.Enabled ? new LocationTracker(loop, options.Gnss) : null;
        _status = BuildStatus();
        pipeline.Attach(new PipelineObserver(this));
    }

    /// <summary>Raised on the loop after every change of <see cref="Status"/>.</summary>
    public event Action<DeviceStatus>? StatusChanged;

    public DeviceStatus Status => _status;

    /// <summary>Power on: the boot beep, the clock check, then the camera starts buffering.</summary>
    /// <param name="initialInputs">Input levels read when the pins were opened (a camera booted in its dock).</param>
    public void Start(IReadOnlyDictionary<DeviceInput, bool>? initialInputs = null) => _loop.Post(() =>
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _audit.Record("boot", ("serial", _options.Identity.DeviceSerial), ("officer", _options.Identity.OfficerId));
        ShowState(DeviceState.Booting);
        _tones.Play(_tonePatterns.PowerOn);
        if (_loop.Time.GetUtcNow() < _options.Clock.EarliestValidTime)
        {
            _alarms.Set(AlarmKind.ClockNotSet, true);
        }

        if (initialInputs is not null)
        {
            foreach (var (input, active) in initialInputs)
            {
                _debouncers[input].OnRawLevel(active);
            }
        }

        if (_docked)
        {
            _machine.Fire(DeviceTrigger.DockInserted);
        }
        else
        {
            _pipeline.StartBuffering();
        }
    });

    /// <summary>A raw (not yet debounced) input level from a pin adapter; true = active.</summary>
    public void OnInput(DeviceInput input, bool active) => _loop.Post(() => _debouncers[input].OnRawLevel(active));

    /// <summary>An alarm condition from a monitor (storage, battery, clock).</summary>
    public void SetCondition(AlarmKind kind, bool active) => _loop.Post(() => _alarms.Set(kind, active));

    /// <summary>Start recording without a gesture (control API, rigs).</summary>
    public void RequestStart(TriggerSource source) => _loop.Post(() => TryStart(source));

    public void RequestStop(StopReason reason) => _loop.Post(() => TryStop(reason));

    public void RequestMarker(string source) => _loop.Post(() => TryMarker(source));

    public void SetLightMode(LightMode mode) => _loop.Post(() =>
    {
        if (mode == LightMode.Dim && !_options.Pins.LedsCanDim)
        {
            _audit.Record("light-mode", ("mode", mode.ToString()), ("result", "refused: the LEDs are not on PWM channels"));
            return;
        }

        _lightMode = mode;
        _audit.Record("light-mode", ("mode", mode.ToString()));
        ApplyBrightness();
    });

    private void OnDebouncedInput(DeviceInput input, bool active)
    {
        switch (input)
        {
            case DeviceInput.RecordButton:
                _recordButton.OnDebouncedLevel(active);
                break;
            case DeviceInput.FunctionButton:
                _functionButton.OnDebouncedLevel(active);
                break;
            case DeviceInput.DockDetect:
                OnDockChanged(active);
                break;
            case DeviceInput.ExternalTrigger when active:
                _audit.Record("input", ("input", "external trigger"), ("level", "active"));
                TryStart(TriggerSource.ExternalTrigger);
                break;
        }
    }

    private bool OnRecordButtonGesture(ButtonGesture gesture)
    {
        var toggles = _options.Buttons.RecordButtonMode == RecordButtonMode.SinglePressToggles;
        var state = _machine.State;
        var (consumed, action) = gesture switch
        {
            ButtonGesture.Press when toggles && state is DeviceState.Recording or DeviceState.Starting => (TryStop(StopReason.RecordButton), "stop"),
            ButtonGesture.Press when toggles => (TryStart(TriggerSource.RecordButton), "start"),
            ButtonGesture.Press => (false, "none"),
            ButtonGesture.DoublePress => (TryStart(TriggerSource.RecordButton), "start"),
            ButtonGesture.ShortPress => (TryMarker("record button"), "marker"),
            ButtonGesture.Hold => (TryStop(StopReason.RecordButton), "stop"),
            _ => (false, "none"),
        };

        // A bare press is only worth a line when it did something; the gestures it builds are logged.
        if (gesture != ButtonGesture.Press || consumed)
        {
            _audit.Record("gesture", ("button", "record"), ("gesture", gesture.ToString()), ("action", consumed ? action : "none"), ("state", state.ToString()));
        }

        return consumed;
    }

    private bool OnFunctionButtonGesture(ButtonGesture gesture)
    {
        var state = _machine.State;
        var (consumed, action) = gesture switch
        {
            ButtonGesture.ShortPress when state == DeviceState.Buffering => (CycleCategory(), "category"),
            ButtonGesture.ShortPress => (TryMarker("function button"), "marker"),
            ButtonGesture.Hold => (ToggleStealth(), "stealth"),
            _ => (false, "none"),
        };

        if (gesture != ButtonGesture.Press)
        {
            _audit.Record("gesture", ("button", "function"), ("gesture", gesture.ToString()), ("action", consumed ? action : "none"), ("state", state.ToString()));
        }

        return consumed;
    }

    private void OnDockChanged(bool docked)
    {
        _docked = docked;
        _audit.Record("input", ("input", "dock"), ("level", docked ? "docked" : "undocked"));
        if (docked && _machine.CanFire(DeviceTrigger.DockInserted))
        {
            _machine.Fire(DeviceTrigger.DockInserted);
        }
        else if (!docked && _machine.State == DeviceState.Docked)
        {
            _machine.Fire(DeviceTrigger.DockRemoved);
        }

        PublishStatus();
    }
}
