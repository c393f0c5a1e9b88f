// Reads DeviceOptions from JSON. Unknown fields, unknown enum names and malformed values are
// errors that name the field and echo the value, like the validator's; the result is validated.
// Serialisation is source-generated, so it needs no reflection on the trimmed device build.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Configuration;

public static class DeviceOptionsJson
{
    private static readonly DeviceOptionsJsonContext Context = new(new JsonSerializerOptions
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,

        // A setting given twice is a file edited in two places; which one wins is not for a
        // reader of the file to guess.
        AllowDuplicateProperties = false,

        // A null where a section, a list or a text belongs is an error with its path, as a wrong
        // type is; so is a point of the fuel gauge's curve without its volts or percent.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    });

    /// <summary>Parses and validates; throws <see cref="InvalidConfigurationException"/> naming each bad field.</summary>
    public static DeviceOptions Parse(string json)
    {
        DeviceOptions? options;
        try
        {
            options = JsonSerializer.Deserialize(json, Context.DeviceOptions);
        }
        catch (JsonException exception)
        {
            throw new InvalidConfigurationException([Describe(json, exception)]);
        }

        if (options is null)
        {
            throw new InvalidConfigurationException([new("(root)", "null", "the configuration must be a JSON object")]);
        }

        return DeviceOptionsValidator.ThrowIfInvalid(options);
    }

    /// <summary>Largest configuration file read: a real one is a few kilobytes.</summary>
    public const int LargestFileBytes = 1024 * 1024;

    public static DeviceOptions Load(string path)
    {
        string json;
        try
        {
            using var file = File.OpenRead(path);
            if (file.Length > LargestFileBytes)
            {
                throw new InvalidConfigurationException([new("(file)", path, $"is {file.Length} bytes: a configuration is at most {LargestFileBytes} bytes")]);
            }

            using var reader = new StreamReader(file);
            json = reader.ReadToEnd();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException([new("(file)", path, exception.Message)]);
        }

        return Parse(json);
    }

    public static string Serialize(DeviceOptions options) => JsonSerializer.Serialize(options, Context.DeviceOptions);

    /// <summary>A deep copy, not validated: what <see cref="Serialize"/> writes, read back.</summary>
    public static DeviceOptions Copy(DeviceOptions options) =>
        JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(options, Context.DeviceOptions), Context.DeviceOptions)!;

    private static ConfigurationError Describe(string json, JsonException exception)
    {
        var path = exception.Path ?? "$";
        var field = path == "$" ? "(root)" : path.TrimStart('$', '.');
        var problem = exception.Message;

        // System.Text.Json reports an unknown member with the path of its parent object.
        const string unmapped = "could not be mapped to any .NET member";
        if (problem.Contains(unmapped, StringComparison.Ordinal))
        {
            var start = problem.IndexOf('\'') + 1;
            var end = problem.IndexOf('\'', start);
            var name = end > start ? problem[start..end] : "?";
            // Depending on where the reader stopped, the path may already end with the member.
            var named = field == "(root)" ? name : field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field : $"{field}.{name}";
            return new(named, RawValueAt(json, "$." + named) ?? "(present)", "is not a known setting");
        }

        var where = exception.LineNumber is { } line ? $" (line {line + 1}, column {exception.BytePositionInLine + 1})" : "";

        // A point of a list (a record read through its constructor) without one of its fields.
        const string missing = "was missing required properties including: ";
        if (problem.IndexOf(missing, StringComparison.Ordinal) is var at and >= 0)
        {
            var names = problem[(at + missing.Length)..].Split(['\'', ',', ' ', '.'], StringSplitOptions.RemoveEmptyEntries);
            var name = names.FirstOrDefault() ?? "?";
            return new($"{field}.{name}", "(missing)", "must be given" + where);
        }

        var value = RawValueAt(json, path) ?? "?";
        if (problem.Contains("doesn't allow setting null values", StringComparison.Ordinal)
            || problem.Contains("does not allow setting null values", StringComparison.Ordinal))
        {
            return new(field, "null", "must not be null (leave the setting out to keep its default)" + where);
        }

        const string convert = "could not be converted to ";
        if (problem.IndexOf(convert, StringComparison.Ordinal) is var to and >= 0)
        {
            var type = problem[(to + convert.Length)..].Split([' ', '|'], 2)[0].TrimEnd('.');
            return new(field, value, Expected(type) + where);
        }

        var cut = problem.IndexOf(" Path:", StringComparison.Ordinal);
        return new(field, value, (cut > 0 ? problem[..cut] : problem) + where);
    }

    // The settings' enums by their .NET names (generic lookups: nothing for trimming to lose).
    private static readonly Dictionary<string, string[]> EnumNames = new[]
    {
        Names<ActiveLevel>(), Names<InputPull>(), Names<BeeperKind>(), Names<LightMode>(), Names<RecordButtonMode>(),
        Names<CameraSourceKind>(), Names<CameraEncoder>(), Names<AudioSourceKind>(), Names<FuelGaugeKind>(),
    }.ToDictionary(pair => pair.Type, pair => pair.Names);

    private static (string Type, string[] Names) Names<TEnum>()
        where TEnum : struct, Enum => (typeof(TEnum).FullName!, Enum.GetNames<TEnum>());

    // What a value of a setting's .NET type is written as, in the words of someone editing the file.
    private static string Expected(string type) => type switch
    {
        "System.Boolean" => "must be true or false",
        "System.Int32" => "must be a whole number from -2147483648 to 2147483647",
        "System.Int64" => "must be a whole number",
        "System.Double" => "must be a number",
        "System.String" => "must be a text in double quotes",
        "System.TimeSpan" => "must be a duration in double quotes, [d.]hh:mm:ss[.fffffff], e.g. \"00:00:30\"",
        "System.DateTimeOffset" => "must be a time in double quotes, ISO-8601, e.g. \"2025-01-01T00:00:00Z\"",
        _ when type.Contains("List", StringComparison.Ordinal) => "must be a list [ … ]",
        _ when EnumNames.TryGetValue(type, out var names) => $"must be one of {string.Join(", ", names)} (in double quotes)",
        _ when type.StartsWith("BodyCamDevice.", StringComparison.Ordinal) => "must be an object { … } (leave it out for the defaults)",
        _ => $"has the wrong type (expected {type})",
    };

    private static string? RawValueAt(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var element = document.RootElement;
            foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
                {
                    return null;
                }
            }

            return element.GetRawText();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(DeviceOptions))]
internal sealed partial class DeviceOptionsJsonContext : JsonSerializerContext;
