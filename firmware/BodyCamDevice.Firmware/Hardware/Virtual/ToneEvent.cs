namespace BodyCamDevice.Firmware.Hardware.Virtual;

public enum ToneEventKind
{
    Started,
    Stopped,

    /// <summary>Frequency or duty changed while running.</summary>
    Changed,
}

/// <summary>One recorded change of a virtual PWM channel; timestamps as in <see cref="PinEdge"/>.</summary>
public readonly record struct ToneEvent(long Timestamp, DateTimeOffset Time, string Channel, ToneEventKind Kind, int FrequencyHz, double DutyCycle);
