// IRigOutputs over a device's OutputTrace: maps the pin map's outputs to the trace lines the
// tracing decorators write ("GPIO24", "PWM0/1") and turns electrical levels into on/off.
// Works the same on a Pi (libgpiod under the decorator) and in the emulator. Thread-safe.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware.Tracing;

namespace BodyCamDevice.ControlApi.Rig;

public sealed class TracedOutputs : IRigOutputs
{
    public const string RecordIndicator = "record-indicator";
    public const string StatusLed = "status-led";
    public const string Beeper = "beeper";
    public const string Vibration = "vibration";

    private readonly OutputTrace _trace;
    private readonly Dictionary<string, OutputLine> _byName = new();
    private readonly Dictionary<string, OutputLine> _byLine = new();

    public TracedOutputs(PinMapOptions pins, OutputTrace trace)
    {
        _trace = trace;
        Add(RecordIndicator, Light(pins.RecordIndicator));
        Add(StatusLed, Light(pins.StatusLed));
        switch (pins.Beeper.Kind)
        {
            case BeeperKind.PassivePiezo:
                Add(Beeper, new OutputLine(OutputTrace.PwmLine(pins.Beeper.Pwm.Chip, pins.Beeper.Pwm.Channel), ActiveLevel.High, IsPwm: true, IsLight: false));
                break;
            case BeeperKind.ActiveBuzzer:
                Add(Beeper, new OutputLine(OutputTrace.GpioLine(pins.Beeper.Pin), pins.Beeper.ActiveLevel, IsPwm: false, IsLight: false));
                break;
        }

        if (pins.Vibration.Enabled)
        {
            Add(Vibration, new OutputLine(OutputTrace.GpioLine(pins.Vibration.Pin), pins.Vibration.ActiveLevel, IsPwm: false, IsLight: false));
        }

        Names = _byName.Keys.ToArray();
        trace.Recorded += OnRecorded;
    }

    public event Action<OutputChange>? Changed;

    public IReadOnlyList<string> Names { get; }

    public bool Has(string output) => _byName.ContainsKey(output);

    public string LineOf(string output)
    {
        var line = Find(output);
        return $"{line.Line} active-{line.ActiveLevel.ToString().ToLowerInvariant()}";
    }

    public bool IsOn(string output)
    {
        var line = Find(output);
        return _trace.Last(line.Line) is { } last && Convert(output, line, last).On;
    }

    public IReadOnlyList<OutputChange> Changes(string output, long sinceTimestamp = long.MinValue)
    {
        var line = Find(output);
        return _trace.Events(line.Line, sinceTimestamp).Select(e => Convert(output, line, e)).ToArray();
    }

    private void OnRecorded(OutputTraceEvent recorded)
    {
        if (_byLine.TryGetValue(recorded.Line, out var line))
        {
            Changed?.Invoke(Convert(line.Name!, line, recorded));
        }
    }

    private OutputLine Find(string output) =>
        _byName.TryGetValue(output, out var line) ? line : throw new KeyNotFoundException($"No output '{output}'; outputs are {string.Join(", ", _byName.Keys)}.");

    private static OutputChange Convert(string output, OutputLine line, OutputTraceEvent recorded)
    {
        bool on;
        if (!line.IsPwm)
        {
            on = recorded.High == (line.ActiveLevel == ActiveLevel.High);
        }
        else if (line.IsLight)
        {
            // PwmLed: brightness is the duty cycle, inverted for an active-low LED.
            var brightness = line.ActiveLevel == ActiveLevel.High ? recorded.DutyCycle : 1 - recorded.DutyCycle;
            on = recorded.High && brightness > 0;
        }
        else
        {
            on = recorded.High;
        }

        return new OutputChange(output, recorded.Sequence, recorded.Timestamp, recorded.Time, on, line.IsPwm ? recorded.FrequencyHz : 0, line.IsPwm ? recorded.DutyCycle : 0);
    }

    private static OutputLine Light(LightOutputOptions light) => light.Pwm is { } pwm
        ? new OutputLine(OutputTrace.PwmLine(pwm.Chip, pwm.Channel), light.ActiveLevel, IsPwm: true, IsLight: true)
        : new OutputLine(OutputTrace.GpioLine(light.Pin), light.ActiveLevel, IsPwm: false, IsLight: true);

    private void Add(string name, OutputLine line)
    {
        line = line with { Name = name };
        _byName[name] = line;
        _byLine[line.Line] = line;
    }

    private sealed record OutputLine(string Line, ActiveLevel ActiveLevel, bool IsPwm, bool IsLight)
    {
        public string? Name { get; init; }
    }
}
