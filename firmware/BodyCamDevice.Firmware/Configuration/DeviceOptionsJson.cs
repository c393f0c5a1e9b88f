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
            throw new InvalidConfigurationException([JsonFieldErrors.Describe(json, exception)]);
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
}

[JsonSerializable(typeof(DeviceOptions))]
internal sealed partial class DeviceOptionsJsonContext : JsonSerializerContext;
