// Prints what a person would see, hear and feel on the device as it happens (LEDs, beeper,
// vibration), the button edges the emulator makes, state changes and optionally the audit trail.
// Each line starts with the time since the trace was created; output lines use the timestamp the
// virtual driver or PWM channel recorded. Events arrive on whichever thread caused them; one lock
// keeps lines whole.
using System.Device.Gpio;
using System.Globalization;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator;

internal sealed class ConsoleTrace : IDisposable
{
    private readonly VirtualDevice _device;
    private readonly TextWriter _output;
    private readonly bool _showAudit;
    private readonly long _start;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, (string Name, ActiveLevel Level)> _outputPins = new();
    private readonly List<(VirtualPwmChannel Channel, string Name, Action<ToneEvent> Handler)> _pwmHandlers = new();
    private DeviceStatus? _lastStatus;

    public ConsoleTrace(VirtualDevice device, TextWriter output, bool showAudit)
    {
        _device = device;
        _output = output;
        _showAudit = showAudit;
        _start = device.Time.GetTimestamp();

        var pins = device.Options.Pins;
        if (pins.RecordIndicator.Pwm is null)
        {
            _outputPins[pins.RecordIndicator.Pin] = ("red LED", pins.RecordIndicator.ActiveLevel);
        }

        if (pins.StatusLed.Pwm is null)
        {
            _outputPins[pins.StatusLed.Pin] = ("green LED", pins.StatusLed.ActiveLevel);
        }

        if (pins.Beeper.Kind == BeeperKind.ActiveBuzzer)
        {
            _outputPins[pins.Beeper.Pin] = ("beeper", pins.Beeper.ActiveLevel);
        }

        if (pins.Vibration.Enabled)
        {
            _outputPins[pins.Vibration.Pin] = ("vibration", pins.Vibration.ActiveLevel);
        }

        foreach (var ((chip, channel), pwm) in device.PwmChannels)
        {
            var name = PwmName(pins, chip, channel);
            Action<ToneEvent> handler = name == "beeper" ? OnBeeper : tone => OnPwmLight(name, tone);
            pwm.Changed += handler;
            _pwmHandlers.Add((pwm, name, handler));
        }

        _lastStatus = device.Controller.Status;
        device.Gpio.Changed += OnPinEdge;
        device.Controller.StatusChanged += OnStatus;
        device.AuditTrail.Appended += OnAudit;
        device.Loop.WorkFailed += OnWorkFailed;
    }

    /// <summary>A line from the emulator itself (what it is doing, not what the device did).</summary>
    public void Note(string text) => Line("emulator", text);

    public void PrintStatus()
    {
        var status = _device.Controller.Status;
        var alarms = status.Alarms.Count == 0 ? "none" : string.Join(", ", status.Alarms);
        Line("status", $"{status.State}, recording {status.RecordingId ?? "-"}, markers {status.MarkerCount}, stealth {OnOff(status.Stealth)}, lights {status.LightMode}, docked {(status.Docked ? "yes" : "no")}, alarms {alarms}");

        var outputs = _outputPins.Select(pin => $"{pin.Value.Name} {OnOff(IsActive(_device.Gpio.LevelOf(pin.Key), pin.Value.Level))}");
        var channels = _pwmHandlers.Select(pwm => $"{pwm.Name} {OnOff(pwm.Channel.IsRunning)} ({pwm.Channel.Name})");
        Line("outputs", string.Join(", ", outputs.Concat(channels)));
    }

    public void Dispose()
    {
        _device.Gpio.Changed -= OnPinEdge;
        _device.Controller.StatusChanged -= OnStatus;
        _device.AuditTrail.Appended -= OnAudit;
        _device.Loop.WorkFailed -= OnWorkFailed;
        foreach (var (channel, _, handler) in _pwmHandlers)
        {
            channel.Changed -= handler;
        }
    }

    private void OnPinEdge(PinEdge edge)
    {
        if (edge.IsOutput && _outputPins.TryGetValue(edge.Pin, out var output))
        {
            Line(output.Name, OnOff(IsActive(edge.Value, output.Level)).ToUpperInvariant(), edge.Timestamp);
        }
    }

    /// <summary>Shows an input edge the emulator is about to make (call before making it).</summary>
    public void InputEdge(DeviceInput input, bool active)
    {
        var options = _device.InputOptions(input);
        var (name, text) = input switch
        {
            DeviceInput.RecordButton => ("record button", active ? "pressed" : "released"),
            DeviceInput.FunctionButton => ("function btn", active ? "pressed" : "released"),
            DeviceInput.DockDetect => ("dock", active ? "docked" : "undocked"),
            _ => ("ext trigger", active ? "active" : "idle"),
        };
        var high = (options.ActiveLevel == ActiveLevel.High) == active;
        Line(name, $"{text}  (GPIO {options.Pin} {(high ? "high" : "low")})");
    }

    private void OnBeeper(ToneEvent tone) => Line(
        "beeper",
        tone.Kind == ToneEventKind.Stopped ? "OFF" : $"{tone.FrequencyHz} Hz {Percent(tone.DutyCycle)}",
        tone.Timestamp);

    private void OnPwmLight(string name, ToneEvent tone) => Line(
        name,
        tone.Kind == ToneEventKind.Stopped ? "OFF" : $"ON {Percent(tone.DutyCycle)} duty",
        tone.Timestamp);

    private void OnStatus(DeviceStatus status)
    {
        DeviceStatus? previous;
        lock (_lock)
        {
            previous = _lastStatus;
            _lastStatus = status;
        }

        if (previous is null || previous.State != status.State)
        {
            Line("state", previous is null ? status.State.ToString() : $"{previous.State} -> {status.State}");
        }

        if (previous is not null && previous.Stealth != status.Stealth)
        {
            Line("stealth", OnOff(status.Stealth));
        }

        if (previous is null ? status.Alarms.Count > 0 : !previous.Alarms.SequenceEqual(status.Alarms))
        {
            Line("alarms", status.Alarms.Count == 0 ? "none" : string.Join(", ", status.Alarms));
        }

        if (status.MarkerCount > (previous?.MarkerCount ?? 0))
        {
            Line("marker", $"#{status.MarkerCount} in {status.RecordingId ?? "-"}");
        }

        // The dock's offload: each phase once, with its reason or how far it got.
        if (status.Offload is { } offload && (offload.Phase != previous?.Offload?.Phase || offload.Reason != previous?.Offload?.Reason)
            && offload.Phase != Firmware.Core.Offload.DockOffloadPhase.Idle)
        {
            Line("offload", $"{offload.Phase}: {offload.RecordingsConfirmed} of {offload.RecordingsTotal} recording(s) confirmed"
                + (offload.NotTransferred.Count > 0 ? $", not transferred: {string.Join(", ", offload.NotTransferred)}" : "")
                + (offload.Reason is { } reason ? $" ({reason})" : ""));
        }
    }

    private void OnAudit(AuditEntry entry)
    {
        if (_showAudit)
        {
            var details = string.Join(' ', entry.Details.Select(pair => $"{pair.Key}={pair.Value}"));
            Line("audit", $"#{entry.Sequence} {entry.Kind} {details}".TrimEnd());
        }
    }

    private void OnWorkFailed(Exception exception) => Line("loop error", exception.ToString());

    private void Line(string label, string text, long? timestamp = null)
    {
        var elapsed = _device.Time.GetElapsedTime(_start, timestamp ?? _device.Time.GetTimestamp());
        var seconds = ("+" + elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)).PadLeft(8);
        lock (_lock)
        {
            _output.WriteLine($"{seconds} s  {label,-15}{text}");
        }
    }

    private static string PwmName(PinMapOptions pins, int chip, int channel)
    {
        static bool Is(PwmChannelOptions? pwm, int chip, int channel) => pwm is not null && pwm.Chip == chip && pwm.Channel == channel;
        if (pins.Beeper.Kind == BeeperKind.PassivePiezo && Is(pins.Beeper.Pwm, chip, channel))
        {
            return "beeper";
        }

        return Is(pins.RecordIndicator.Pwm, chip, channel) ? "red LED"
            : Is(pins.StatusLed.Pwm, chip, channel) ? "green LED"
            : $"pwm{chip}/{channel}";
    }

    private static bool IsActive(PinValue value, ActiveLevel level) => (value == PinValue.High) == (level == ActiveLevel.High);

    private static string OnOff(bool on) => on ? "on" : "off";

    private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";
}
