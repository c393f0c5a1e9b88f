// TLS to the store with the connection file's certificates pinned: the server's certificate must
// be one of them, or be issued by one of them (a force's own CA) for the host asked for. The
// system's trust store plays no part, so no other certificate is ever accepted, whoever signed it.
// Why a certificate was refused is kept for the error the offload reports.
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace BodyCamDevice.Firmware.Offload.Store;

public sealed class PinnedCertificates
{
    private readonly IReadOnlyList<byte[]> _pinned;
    private volatile string? _lastRefusal;

    /// <param name="pinned">DER of each certificate the connection file lists (at least one).</param>
    public PinnedCertificates(IReadOnlyList<byte[]> pinned)
    {
        if (pinned.Count == 0)
        {
            throw new ArgumentException("at least one certificate to pin", nameof(pinned));
        }

        _pinned = pinned;
    }

    /// <summary>Why the last certificate was refused, for the error message; null if none was.</summary>
    public string? LastRefusal => _lastRefusal;

    /// <summary>For SslClientAuthenticationOptions.RemoteCertificateValidationCallback; any thread.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            _lastRefusal = "the server presented no certificate";
            return false;
        }

        using var presented = new X509Certificate2(certificate);
        if (_pinned.Any(pin => pin.AsSpan().SequenceEqual(presented.RawData)))
        {
            return true;
        }

        if (!errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) && IssuedByPinned(presented, chain))
        {
            return true;
        }

        _lastRefusal = $"the server presented {Describe(presented)}, which is neither one of the {_pinned.Count} certificate(s) the connection file pins nor issued by one of them"
            + (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? " (and it does not name the host)" : "");
        return false;
    }

    public static string Describe(X509Certificate2 certificate) =>
        $"\"{certificate.Subject}\" (SHA-256 {certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)})";

    private bool IssuedByPinned(X509Certificate2 presented, X509Chain? offered)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        foreach (var pin in _pinned)
        {
            chain.ChainPolicy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(pin));
        }

        if (offered is not null)
        {
            foreach (var element in offered.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        try
        {
            return chain.Build(presented);
        }
        finally
        {
            foreach (var certificate in chain.ChainPolicy.CustomTrustStore)
            {
                certificate.Dispose();
            }
        }
    }
}
