namespace BodyCamDevice.Firmware.Core.Indicators;

/// <summary>
/// What one LED shows, as a repeating list of (lit, duration) steps. A single lit step is solid;
/// an empty list is off.
/// </summary>
public sealed record LightPattern(string Name, IReadOnlyList<LightStep> Steps)
{
    public static LightPattern Off { get; } = new("off", []);

    public static LightPattern Solid { get; } = new("solid", [new LightStep(true, TimeSpan.MaxValue)]);

    public static LightPattern Blink(string name, TimeSpan on, TimeSpan off) => new(name, [new(true, on), new(false, off)]);

    /// <summary>A fault code: <paramref name="count"/> pulses, then a pause; repeats.</summary>
    public static LightPattern Code(int count, TimeSpan pulse, TimeSpan pause)
    {
        var steps = new List<LightStep>();
        for (var i = 0; i < count; i++)
        {
            steps.Add(new(true, pulse));
            steps.Add(new(false, i == count - 1 ? pause : pulse));
        }

        return new($"code {count}", steps);
    }

    public bool Equals(LightPattern? other) => other is not null && Name == other.Name && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

public readonly record struct LightStep(bool Lit, TimeSpan Duration);
