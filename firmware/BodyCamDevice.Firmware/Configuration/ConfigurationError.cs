namespace BodyCamDevice.Firmware.Configuration;

/// <summary>One thing wrong with a configuration: the field's dotted path, the offending value, and why.</summary>
public sealed record ConfigurationError(string Field, string Value, string Problem)
{
    public override string ToString() => $"{Field} = {Value}: {Problem}";
}

/// <summary>Thrown before any pin is opened when the configuration is not usable.</summary>
public sealed class InvalidConfigurationException(IReadOnlyList<ConfigurationError> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<ConfigurationError> Errors { get; } = errors;
}
