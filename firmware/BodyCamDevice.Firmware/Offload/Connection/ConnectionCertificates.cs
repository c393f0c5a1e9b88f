// The store's TLS certificates as a connection file lists them: base64 of an X.509 certificate,
// either its DER bytes or its PEM text (the reference store base64-encodes the PEM file). Each is
// parsed here, so a file with a broken certificate is refused when it is checked, not at the dock.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace BodyCamDevice.Firmware.Offload.Connection;

public static class ConnectionCertificates
{
    /// <summary>Base64 characters allowed for one certificate.</summary>
    public const int MaximumLength = 16 * 1024;

    /// <returns>The certificate's DER bytes, or null with <paramref name="problem"/> saying why.</returns>
    public static byte[]? Decode(string? base64, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(base64))
        {
            problem = "must be a base64-encoded X.509 certificate, not empty";
            return null;
        }

        if (base64.Length > MaximumLength)
        {
            problem = $"must be at most {MaximumLength} characters";
            return null;
        }

        if (base64.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            problem = "is PEM text: the connection file carries the certificate base64-encoded (base64 of the PEM file or of the DER bytes)";
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            problem = "is not base64";
            return null;
        }

        try
        {
            var text = Encoding.ASCII.GetString(bytes);
            using var certificate = text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
            return certificate.RawData;
        }
        catch (CryptographicException exception)
        {
            problem = "is base64 but not an X.509 certificate: " + exception.Message;
            return null;
        }
    }
}
