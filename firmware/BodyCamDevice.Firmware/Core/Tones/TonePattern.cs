namespace BodyCamDevice.Firmware.Core.Tones;

/// <summary>A finite sequence of beeper/vibration steps, played once.</summary>
public sealed record TonePattern(string Name, IReadOnlyList<ToneStep> Steps)
{
    public TimeSpan Length => Steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Duration);
}

/// <summary>One step: the tone (and the vibration motor) on or off for <see cref="Duration"/>.</summary>
public readonly record struct ToneStep(bool Tone, bool Vibrate, TimeSpan Duration);
