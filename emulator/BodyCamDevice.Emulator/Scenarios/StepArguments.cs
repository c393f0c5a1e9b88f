// The value of one scenario step, read with the step's line number at hand so every mistake is
// reported where it is. A step's value is either a scalar ("press: record") or a mapping
// ("press: {input: record, for: 200ms}"); Main reads the scalar or the mapping's given key.
// Durations: "250ms", "3s", "1.5s", "2m", "2h", or a bare number of seconds.
// Tolerances: "5%" or 0.05.
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace BodyCamDevice.Emulator.Scenarios;

internal sealed class StepArguments(string kind, YamlNode node)
{
    public int Line => (int)node.Start.Line;

    public bool IsScalar => node is YamlScalarNode;

    /// <summary>The scalar value, or the mapping's <paramref name="key"/>; null when neither is there.</summary>
    public string? Main(string key) => node is YamlScalarNode scalar ? Empty(scalar.Value) : Get(key);

    public string? Get(string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? value is YamlScalarNode scalar ? Empty(scalar.Value) : throw Invalid($"'{key}' must be a single value")
            : null;

    public IReadOnlyList<string>? List(string key)
    {
        YamlNode? value = node is YamlSequenceNode ? node : null;
        if (node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
        {
            value = child;
        }

        return value switch
        {
            null => null,
            YamlSequenceNode sequence => sequence.Children.Select(item => (item as YamlScalarNode)?.Value ?? throw Invalid($"'{key}' must list plain values")).ToArray(),
            YamlScalarNode { Value: null or "" or "none" } => [],
            _ => throw Invalid($"'{key}' must be a list, e.g. [LowBattery]"),
        };
    }

    public string Require(string key) => Main(key) ?? throw Invalid($"needs '{key}'");

    public TimeSpan Duration(string key, TimeSpan? fallback = null)
    {
        var text = Get(key);
        return text is null ? fallback ?? throw Invalid($"needs '{key}' (a duration such as 500ms, 3s, 2m)") : ParseDuration(text);
    }

    public TimeSpan MainDuration(string key) => ParseDuration(Require(key));

    public double Number(string key, double? fallback = null)
    {
        var text = Get(key);
        if (text is null)
        {
            return fallback ?? throw Invalid($"needs '{key}'");
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Invalid($"'{key}' must be a number, not '{text}'");
    }

    public double? OptionalNumber(string key) => Get(key) is null ? null : Number(key);

    /// <summary>A count: a whole number from 0 to int.MaxValue.</summary>
    public int WholeNumber(string key, int? fallback = null)
    {
        var text = Get(key);
        if (text is null)
        {
            return fallback ?? throw Invalid($"needs '{key}'");
        }

        return ParseWholeNumber(key, text);
    }

    public int? OptionalWholeNumber(string key) => Get(key) is null ? null : WholeNumber(key);

    /// <summary>The step's own value (<c>expectMarkers: 2</c>) or its <paramref name="key"/>, as a count.</summary>
    public int MainWholeNumber(string key) => ParseWholeNumber(key, Require(key));

    private int ParseWholeNumber(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= int.MaxValue && Math.Floor(value) == value
            ? (int)value
            : throw Invalid($"'{key}' must be a whole number from 0 to {int.MaxValue}, not '{text}'");

    public bool Flag(string key, bool? fallback = null)
    {
        var text = Main(key);
        return text is null
            ? fallback ?? throw Invalid($"needs '{key}' (true or false)")
            : bool.TryParse(text, out var value) ? value : throw Invalid($"'{key}' must be true or false, not '{text}'");
    }

    /// <summary>A relative tolerance: "5%" → 0.05, or a fraction.</summary>
    public double Tolerance(string key, double fallback)
    {
        var text = Get(key);
        if (text is null)
        {
            return fallback;
        }

        var percent = text.EndsWith('%');
        return double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? percent ? value / 100 : value
            : throw Invalid($"'{key}' must be a tolerance such as 5% or 0.05, not '{text}'");
    }

    /// <summary>The longest duration a step may give (a year of virtual time, and a day more).</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromDays(366);

    public ScenarioFormatException Invalid(string problem) => new($"line {Line}: {kind} {problem}");

    public TimeSpan ParseDuration(string text)
    {
        var trimmed = text.Trim();
        (string Number, double Scale) split = trimmed switch
        {
            _ when trimmed.EndsWith("ms", StringComparison.Ordinal) => (trimmed[..^2], 0.001),
            _ when trimmed.EndsWith('s') => (trimmed[..^1], 1),
            _ when trimmed.EndsWith('m') => (trimmed[..^1], 60),
            _ when trimmed.EndsWith('h') => (trimmed[..^1], 3600),
            _ => (trimmed, 1),
        };

        // Finite and at most LongestDuration: a TimeSpan overflows beyond about 29,000 years.
        return double.TryParse(split.Number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value * split.Scale <= LongestDuration.TotalSeconds
            ? TimeSpan.FromSeconds(value * split.Scale)
            : throw Invalid($"has '{text}', which is not a duration from 0 to 366 days (500ms, 3s, 2m, 2h)");
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
