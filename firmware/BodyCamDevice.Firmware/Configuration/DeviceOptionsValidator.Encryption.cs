// Validation of encryption at rest: on, it needs an RSA public key of at least 2048 bits and its
// id; off, neither may be given (as in the BWI connection file), so a key never sits in a file
// that records in clear by mistake. The key is parsed here, so a malformed one stops the device
// before it records anything.
using BodyCamDevice.Firmware.Evidence.Encryption;

namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    public const int MaximumPublicKeyIdLength = 128;

    private static void ValidateEncryption(EncryptionOptions encryption, List<ConfigurationError> errors)
    {
        if (!encryption.Enabled)
        {
            if (!string.IsNullOrEmpty(encryption.PublicKey))
            {
                errors.Add(new("Encryption.PublicKey", "(set)", "must be empty unless Encryption.Enabled is true"));
            }

            if (!string.IsNullOrEmpty(encryption.PublicKeyId))
            {
                errors.Add(new("Encryption.PublicKeyId", Quote(encryption.PublicKeyId), "must be empty unless Encryption.Enabled is true"));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(encryption.PublicKeyId))
        {
            errors.Add(new("Encryption.PublicKeyId", Quote(encryption.PublicKeyId), "must name the evidence store's key when Encryption.Enabled is true"));
        }
        else if (encryption.PublicKeyId.Length > MaximumPublicKeyIdLength || encryption.PublicKeyId.Any(char.IsControl))
        {
            errors.Add(new("Encryption.PublicKeyId", Quote(encryption.PublicKeyId), $"must be at most {MaximumPublicKeyIdLength} characters, without control characters"));
        }

        if (string.IsNullOrWhiteSpace(encryption.PublicKey))
        {
            errors.Add(new("Encryption.PublicKey", Quote(encryption.PublicKey), "must hold the evidence store's RSA public key (PEM) when Encryption.Enabled is true"));
            return;
        }

        try
        {
            using DestinationKey key = DestinationKey.Parse(encryption.PublicKey, encryption.PublicKeyId ?? "(none)");
        }
        catch (EncryptionKeyException exception)
        {
            errors.Add(new("Encryption.PublicKey", Excerpt(encryption.PublicKey), exception.Message));
        }
    }

    // The first line or 40 characters of a long value, for the message.
    private static string Excerpt(string value)
    {
        string first = value.Trim().Split('\n')[0].Trim();
        return Quote(first.Length > 40 ? first[..40] + "…" : first);
    }
}
