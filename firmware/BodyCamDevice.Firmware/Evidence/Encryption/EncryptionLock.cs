// Encryption at rest, once on, stays on: the state directory remembers that this device has been
// configured to encrypt (evidence/encryption-required.json: since when, to which key id), and a
// configuration that turns it off is refused with a message saying so, by `bodycam config
// check` and by `bodycam run` alike. A new key (the evidence store rotating its key) is fine.
// The file is the device's, not the configuration's: removing it needs access to the state
// directory, which only the service user has.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Evidence.Encryption;

public static class EncryptionLock
{
    public const string FileName = "encryption-required.json";

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, "evidence", FileName);

    // The error for a configuration that would record in clear on a device that encrypts; null
    // when there is none (encryption on, or never turned on).
    public static ConfigurationError? Check(string stateDirectory, EncryptionOptions options)
    {
        if (options.Enabled || Read(stateDirectory) is not { } engaged)
        {
            return null;
        }

        return new ConfigurationError("Encryption.Enabled", "false",
            $"this device encrypts its recordings since {engaged.SinceUtc} (key {engaged.PublicKeyId}) and encryption cannot be turned off again (state: {PathIn(stateDirectory)})");
    }

    // Records that the device encrypts (the first time; later calls keep the first date and
    // update the key id).
    public static void Engage(string stateDirectory, string publicKeyId, DateTimeOffset now)
    {
        EngagedState? before = Read(stateDirectory);
        if (before?.PublicKeyId == publicKeyId)
        {
            return;
        }

        var state = new EngagedState(before?.SinceUtc ?? Capture.Recording.ManifestJson.Utc(now), publicKeyId);
        AtomicFile.Replace(PathIn(stateDirectory), JsonSerializer.SerializeToUtf8Bytes(state, EngagedStateJsonContext.Default.EngagedState));
    }

    private static EngagedState? Read(string stateDirectory)
    {
        string path = PathIn(stateDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), EngagedStateJsonContext.Default.EngagedState);
        }
        catch (JsonException)
        {
            // Damaged: still a device that encrypts.
            return new EngagedState("(unreadable record)", "(unknown)");
        }
    }
}

internal sealed record EngagedState(string SinceUtc, string PublicKeyId);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(EngagedState))]
internal sealed partial class EngagedStateJsonContext : JsonSerializerContext;
