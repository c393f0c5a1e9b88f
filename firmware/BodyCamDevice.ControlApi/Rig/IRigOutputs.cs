// How a rig reads the device's outputs: each output's logical on/off (active level and PWM duty
// already applied) and its timestamped changes, from the tracing decorators.
namespace BodyCamDevice.ControlApi.Rig;

public interface IRigOutputs
{
    /// <summary>Output names: "record-indicator", "status-led", "beeper", "vibration" (absent hardware left out).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>"GPIO24" or "PWM0/1", and the active level, for people reading a trace.</summary>
    string LineOf(string output);

    bool IsOn(string output);

    /// <summary>Changes of <paramref name="output"/> at or after <paramref name="sinceTimestamp"/> (TimeProvider timestamps), oldest first.</summary>
    IReadOnlyList<OutputChange> Changes(string output, long sinceTimestamp = long.MinValue);

    /// <summary>Raised after any output changes, on the thread that drove it.</summary>
    event Action<OutputChange>? Changed;
}

/// <summary>
/// One change of a named output. <see cref="On"/> is logical (lit, sounding, vibrating);
/// for a PWM output <see cref="FrequencyHz"/> and <see cref="DutyCycle"/> are the channel's, else 0.
/// </summary>
public readonly record struct OutputChange(string Output, long Sequence, long Timestamp, DateTimeOffset Time, bool On, int FrequencyHz, double DutyCycle);
