// The connection file decides encryption: when the evidence store in use asks for it
// (WantEncryption), every clip is encrypted to the connection's PublicKey and PublicKeyId,
// whatever the configuration's Encryption section says (that section is for a device with no
// connection yet). Applied to the configuration before it is validated, so the device's usual
// checks (the key's type and size, never off again once on) hold for the connection's key too.
// A connection that cannot be read is reported by name; the device does not start on a guess.
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Offload.Connection;

public static class ConnectionEncryption
{
    /// <summary>What was applied, for the log; null when the connection asks for no encryption or there is none.</summary>
    /// <exception cref="InvalidConfigurationException">The connection file cannot be read or breaks a rule.</exception>
    public static string? Apply(DeviceOptions options, string? connectionPath)
    {
        if (connectionPath is null || !File.Exists(connectionPath))
        {
            return null;
        }

        ConnectionLoad loaded = ConnectionFileReader.Load(connectionPath);
        if (loaded.Settings is not { } settings)
        {
            throw new InvalidConfigurationException([.. loaded.Errors.Select(error => error with { Field = $"connection {connectionPath}: {error.Field}" })]);
        }

        if (!settings.WantEncryption)
        {
            return null;
        }

        options.Encryption.Enabled = true;
        options.Encryption.PublicKey = settings.PublicKeyPem;
        options.Encryption.PublicKeyId = settings.PublicKeyId;
        return $"clips encrypted to the evidence store's key {settings.PublicKeyId} (from {connectionPath})";
    }
}
