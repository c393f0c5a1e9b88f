// Prints what a person would see, hear and feel on the device as it happens (LEDs, beeper,
// vibration), the button edges the emulator makes, state changes and optionally the audit trail.
// Each line starts with the time since the trace was created, from the edge's own timestamp.
// Events arrive on whichever thread caused them; one lock keeps lines whole and in order.
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
    private readonly Dictionary<int, (string Name, InputPinOptions Options)> _inputPins = new();
    private readonly List<(VirtualPwmChannel Channel, Action<ToneEvent> Handler)> _pwmHandlers = new();
    private DeviceStatus? _lastStatus;

    public ConsoleTrace(VirtualDevice device, TextWriter output, bool showAudit)
    {
        _device = device;
        _output = output;
        _showAudit = showAudit;
        _start = device.Time.GetTimestamp();

        var pins = device.Options.Pins;
        AddInput("record button", pins.RecordButton);
        AddInput("function btn", pins.FunctionButton);
        AddInput("dock", pins.DockDetect);
        AddInput("ext trigger", pins.ExternalTrigger);
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
            _pwmHandlers.Add((pwm, handler));
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
        var channels = _pwmHandlers.Select(handler => $"{handler.Channel.Name} {(handler.Channel.IsRunning ? "running" : "stopped")}");
        Line("outputs", string.Join(", ", outputs.Concat(channels)));
    }

    public void Dispose()
    {
        _device.Gpio.Changed -= OnPinEdge;
        _device.Controller.StatusChanged -= OnStatus;
        _device.AuditTrail.Appended -= OnAudit;
        _device.Loop.WorkFailed -= OnWorkFailed;
        foreach (var (channel, handler) in _pwmHandlers)
        {
            channel.Changed -= handler;
        }
    }

    private void AddInput(string name, InputPinOptions options)
    {
        if (options.Enabled)
        {
            _inputPins[options.Pin] = (name, options);
        }
    }

    private void OnPinEdge(PinEdge edge)
    {
        if (edge.IsOutput && _outputPins.TryGetValue(edge.Pin, out var output))
        {
            Line(output.Name, OnOff(IsActive(edge.Value, output.Level)).ToUpperInvariant(), edge.Timestamp);
        }
        else if (!edge.IsOutput && _inputPins.TryGetValue(edge.Pin, out var input))
        {
            var active = IsActive(edge.Value, input.Options.ActiveLevel);
            var text = input.Name switch
            {
                "dock" => active ? "docked" : "undocked",
                "ext trigger" => active ? "active" : "idle",
                _ => active ? "pressed" : "released",
            };
            Line(input.Name, $"{text}  (GPIO {edge.Pin} {(edge.Value == PinValue.High ? "high" : "low")})", edge.Timestamp);
        }
    }

    private void OnBeeper(ToneEvent tone) => Line(
        "beeper",
        tone.Kind == ToneEventKind.Stopped ? "off" : $"{tone.FrequencyHz} Hz {Percent(tone.DutyCycle)}",
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
            _output.WriteLine($"{seconds} s  {label,-14}{text}");
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
