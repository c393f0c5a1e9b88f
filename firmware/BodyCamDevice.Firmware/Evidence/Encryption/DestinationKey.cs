// The evidence store's public key, to which every clip's content key is wrapped (the Axis Body
// Worn Integration API's PublicKey and PublicKeyId). Given as PEM, or as base64 of the PEM (the
// form the BWI connection file carries). Only RSA of at least 2048 bits is taken; anything else
// is refused with a message that names what it is, so a device never records thinking it
// encrypts when it cannot.
//
// Threads: Wrap is thread-safe (RSA public-key operations are).
using System.Security.Cryptography;
using System.Text;

namespace BodyCamDevice.Firmware.Evidence.Encryption;

public sealed class DestinationKey : IDisposable
{
    public const int MinimumBits = 2048;

    private readonly RSA _rsa;

    private DestinationKey(RSA rsa, string keyId)
    {
        _rsa = rsa;
        KeyId = keyId;
        Bits = rsa.KeySize;
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));
    }

    public string KeyId { get; }

    public int Bits { get; }

    // Lower-case hex SHA-256 of the key's SubjectPublicKeyInfo DER.
    public string Fingerprint { get; }

    // Throws EncryptionKeyException saying what is wrong: not PEM, not a public key, not RSA,
    // fewer than 2048 bits, no key id.
    public static DestinationKey Parse(string? publicKey, string? keyId)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            throw new EncryptionKeyException("no public key given");
        }

        if (string.IsNullOrWhiteSpace(keyId))
        {
            throw new EncryptionKeyException("no public key id given: the evidence store names its key with it");
        }

        string pem = Unwrap(publicKey);
        if (!PemEncoding.TryFind(pem, out PemFields fields))
        {
            throw new EncryptionKeyException("is not a PEM public key (expected \"-----BEGIN PUBLIC KEY-----\" or its base64)");
        }

        string label = pem[fields.Label];
        if (label is "PRIVATE KEY" or "RSA PRIVATE KEY" or "EC PRIVATE KEY" or "ENCRYPTED PRIVATE KEY")
        {
            throw new EncryptionKeyException($"is a private key (PEM \"{label}\"): the device takes the evidence store's public key only, and the private key must never be on a device");
        }

        if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            throw new EncryptionKeyException($"is a PEM \"{label}\", not a public key (\"PUBLIC KEY\")");
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            rsa.Dispose();
            throw new EncryptionKeyException($"is not an RSA public key ({KindOf(pem)})", exception);
        }

        if (rsa.KeySize < MinimumBits)
        {
            int bits = rsa.KeySize;
            rsa.Dispose();
            throw new EncryptionKeyException($"is an RSA key of {bits} bits; at least {MinimumBits} are needed");
        }

        return new DestinationKey(rsa, keyId.Trim());
    }

    // RSA-OAEP with SHA-1 and MGF1-SHA-1, what `openssl pkeyutl -decrypt -pkeyopt
    // rsa_padding_mode:oaep` (and the BWI's `openssl rsautl -decrypt -oaep`) undo.
    public byte[] Wrap(ReadOnlySpan<byte> contentKey) => _rsa.Encrypt(contentKey, RSAEncryptionPadding.OaepSHA1);

    public void Dispose() => _rsa.Dispose();

    private static string Unwrap(string text)
    {
        string trimmed = text.Trim();
        if (trimmed.StartsWith("-----", StringComparison.Ordinal))
        {
            return trimmed;
        }

        try
        {
            return Encoding.ASCII.GetString(Convert.FromBase64String(trimmed));
        }
        catch (FormatException)
        {
            return trimmed;
        }
    }

    private static string KindOf(string pem)
    {
        using var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return $"it is an EC key of {ec.KeySize} bits";
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            return "its contents are not a valid key";
        }
    }
}

// The message completes "the public key …": callers put the setting's name in front.
public sealed class EncryptionKeyException(string message, Exception? inner = null) : Exception(message, inner);
