// Reads DeviceOptions from JSON. Unknown fields, unknown enum names and malformed values are
// errors that name the field and echo the value, like the validator's; the result is validated.
// Serialisation is source-generated, so it needs no reflection on the trimmed device build.
using System.Text.Json;
using System.Text.Json.Serialization;

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

    public static DeviceOptions Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
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

        var value = RawValueAt(json, path) ?? "?";
        var cut = problem.IndexOf(" Path:", StringComparison.Ordinal);
        var where = exception.LineNumber is { } line ? $" (line {line + 1}, column {exception.BytePositionInLine + 1})" : "";
        return new(field, value, (cut > 0 ? problem[..cut] : problem) + where);
    }

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
