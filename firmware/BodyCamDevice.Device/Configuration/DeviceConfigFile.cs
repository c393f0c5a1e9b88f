// Reads the device's configuration file and validates all of it before anything else happens:
// DeviceOptionsJson (JSON, unknown fields, types, every DeviceOptionsValidator rule) plus what a
// flashed device needs beyond the firmware's defaults: its own serial, written in the file (the
// default BC-000000 is a placeholder two cameras would share).
using System.Text.Json;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Device.Configuration;

internal static class DeviceConfigFile
{
    public const string DefaultPath = "/etc/bodycam/bodycam.json";

    /// <summary>The options, or every error found (each naming its field and value).</summary>
    public static DeviceConfigLoad Load(string path)
    {
        try
        {
            var options = DeviceOptionsJson.Load(path);
            var missing = MissingRequiredSettings(File.ReadAllBytes(path));
            return missing.Count == 0 ? new DeviceConfigLoad(options, []) : new DeviceConfigLoad(null, missing);
        }
        catch (InvalidConfigurationException exception)
        {
            return new DeviceConfigLoad(null, exception.Errors);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A shape no rule foresaw is still a configuration error (exit 3, which systemd does
            // not restart on), never exit 1 and a restart every 2 s. The tests replace every
            // setting by every wrong shape so that this is not reached.
            return new DeviceConfigLoad(null, [new("(configuration)", path, $"could not be checked ({exception.GetType().Name}: {exception.Message})")]);
        }
    }

    /// <summary>Writes "bodycam: invalid configuration PATH (N errors):" and one line per error to <paramref name="error"/>.</summary>
    public static void Report(TextWriter error, string path, IReadOnlyList<ConfigurationError> errors)
    {
        error.WriteLine($"bodycam: invalid configuration {path} ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (var item in errors)
        {
            error.WriteLine($"  {item.Field} = {item.Value}: {item.Problem}");
        }
    }

    private static List<ConfigurationError> MissingRequiredSettings(byte[] json)
    {
        // The file already parsed as DeviceOptions, so it is an object of objects.
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var errors = new List<ConfigurationError>();
        if (!(document.RootElement.TryGetProperty("Identity", out var identity) && identity.ValueKind == JsonValueKind.Object
            && identity.TryGetProperty("DeviceSerial", out _)))
        {
            errors.Add(new("Identity.DeviceSerial", "(missing)", "must be set in the configuration file: every device needs its own serial, it names every recording"));
        }

        return errors;
    }
}

/// <param name="Options">Null when <paramref name="Errors"/> is not empty.</param>
internal sealed record DeviceConfigLoad(DeviceOptions? Options, IReadOnlyList<ConfigurationError> Errors);
