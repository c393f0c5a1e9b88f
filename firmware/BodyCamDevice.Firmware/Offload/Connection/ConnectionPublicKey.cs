// The store's public key as a connection file carries it (PublicKey): base64 of a PEM file holding
// an RSA public key ("PUBLIC KEY" or "RSA PUBLIC KEY"), which clips and GNSS tracks are encrypted
// to. At least 2048 bits: a smaller key would not protect footage for the years it is kept.
using System.Security.Cryptography;
using System.Text;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Offload.Connection;

public static class ConnectionPublicKey
{
    /// <summary>Characters of the base64 value the published format allows.</summary>
    public const int MaximumLength = 2048;

    /// <returns>The PEM text, or null after adding an error for field PublicKey.</returns>
    public static string? Decode(string? base64, List<ConfigurationError> errors)
    {
        const string field = "PublicKey";
        var shown = ConnectionFileValidator.Abbreviate(base64);
        if (string.IsNullOrWhiteSpace(base64))
        {
            errors.Add(new(field, base64 is null ? "(missing)" : shown, "must be set: WantEncryption is true, so footage is encrypted to this RSA key"));
            return null;
        }

        if (base64.Length > MaximumLength)
        {
            errors.Add(new(field, shown, $"must be at most {MaximumLength} characters"));
            return null;
        }

        if (base64.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            errors.Add(new(field, shown, "is PEM text: the connection file carries the PEM file base64-encoded"));
            return null;
        }

        string pem;
        try
        {
            pem = Encoding.ASCII.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            errors.Add(new(field, shown, "is not base64"));
            return null;
        }

        if (!PemEncoding.TryFind(pem, out var found))
        {
            errors.Add(new(field, shown, "is base64 but not of a PEM file"));
            return null;
        }

        var label = pem[found.Label];
        if (label is not ("PUBLIC KEY" or "RSA PUBLIC KEY"))
        {
            errors.Add(new(field, shown, $"holds a \"{label}\", not an RSA public key"));
            return null;
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            errors.Add(new(field, shown, IsEllipticCurveKey(pem)
                ? "holds an elliptic-curve public key: the store's key must be RSA (RSA-OAEP wraps each clip's key)"
                : "is not an RSA public key (" + exception.Message + ")"));
            return null;
        }

        if (rsa.KeySize < ConnectionFileValidator.MinimumRsaKeyBits)
        {
            errors.Add(new(field, shown, $"is an RSA key of {rsa.KeySize} bits: at least {ConnectionFileValidator.MinimumRsaKeyBits} are required"));
            return null;
        }

        return pem;
    }

    private static bool IsEllipticCurveKey(string pem)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
            return true;
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
