// Reads an Axis Body Worn Integration connection file: at most 64 kB of JSON, no unknown or
// repeated fields, types as published; then every rule of ConnectionFileValidator and, when a
// connection is already in use, the rules on what may change. Every error names its field; the
// BlobAPIKey's value is never echoed. Serialisation is source-generated (trimmed device build).
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Offload.Connection;

public static class ConnectionFileReader
{
    /// <summary>The largest connection file the API allows, in bytes.</summary>
    public const int MaximumBytes = 64 * 1024;

    internal static readonly IReadOnlySet<string> SecretFields = new HashSet<string>(StringComparer.Ordinal) { "BlobAPIKey" };

    private static readonly ConnectionFileJsonContext Context = new(new JsonSerializerOptions
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
        WriteIndented = true,
    });

    /// <param name="installed">What the connection in use commits to, if any: WantEncryption and FullStoreAndReadSupport may not go back to false.</param>
    public static ConnectionLoad Load(string path, ConnectionCommitments? installed = null)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaximumBytes)
            {
                return ConnectionLoad.Failed(new ConfigurationError("(file)", $"{length} bytes", $"a connection file is at most {MaximumBytes} bytes (64 kB)"));
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ConnectionLoad.Failed(new ConfigurationError("(file)", path, exception.Message));
        }

        return Parse(bytes, installed);
    }

    public static ConnectionLoad Parse(byte[] utf8, ConnectionCommitments? installed = null)
    {
        if (utf8.Length > MaximumBytes)
        {
            return ConnectionLoad.Failed(new ConfigurationError("(file)", $"{utf8.Length} bytes", $"a connection file is at most {MaximumBytes} bytes (64 kB)"));
        }

        string json;
        try
        {
            json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(utf8).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException exception)
        {
            return ConnectionLoad.Failed(new ConfigurationError("(file)", $"byte {exception.Index}", "is not UTF-8 text"));
        }

        ConnectionFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, Context.ConnectionFile);
        }
        catch (JsonException exception)
        {
            return ConnectionLoad.Failed(JsonFieldErrors.Describe(json, exception, SecretFields));
        }

        if (file is null)
        {
            return ConnectionLoad.Failed(new ConfigurationError("(root)", "null", "a connection file is a JSON object"));
        }

        var errors = ConnectionFileValidator.Validate(file, out var settings);
        if (settings is not null && installed is not null)
        {
            errors.AddRange(ConnectionChangeRules.Check(installed, settings));
        }

        return errors.Count == 0 ? new ConnectionLoad(settings, []) : new ConnectionLoad(null, errors);
    }

    public static string Serialize(ConnectionFile file) => JsonSerializer.Serialize(file, Context.ConnectionFile);
}

/// <param name="Settings">Null when <paramref name="Errors"/> is not empty.</param>
public sealed record ConnectionLoad(ConnectionSettings? Settings, IReadOnlyList<ConfigurationError> Errors)
{
    internal static ConnectionLoad Failed(ConfigurationError error) => new(null, [error]);
}

[JsonSerializable(typeof(ConnectionFile))]
internal sealed partial class ConnectionFileJsonContext : JsonSerializerContext;
