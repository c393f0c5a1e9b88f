// An Axis Body Worn Integration connection file as written: the evidence store's address, its
// credentials, its TLS certificates and what it wants (encryption, capabilities). Every field is
// nullable so that a missing one can be told from a default; ConnectionFileValidator turns a file
// into ConnectionSettings or into errors naming the fields. Property names are the file's own.
using System.Text.Json.Serialization;

namespace BodyCamDevice.Firmware.Offload.Connection;

public sealed class ConnectionFile
{
    public string? ConnectionFileVersion { get; set; }

    public string? SiteName { get; set; }

    public string? ApplicationName { get; set; }

    public string? ApplicationVersion { get; set; }

    [JsonPropertyName("ContentDestinationAsNTPServer")]
    public bool? ContentDestinationAsNtpServer { get; set; }

    [JsonPropertyName("AuthenticationTokenURI")]
    public List<string>? AuthenticationTokenUri { get; set; }

    [JsonPropertyName("HTTPSCertificate")]
    public List<string>? HttpsCertificate { get; set; }

    public string? BlobAPIKey { get; set; }

    public string? BlobAPIUserName { get; set; }

    // Written by the reference store ("Swift 1.0"), not in the published template; accepted and
    // otherwise ignored.
    public string? BlobAPI { get; set; }

    public string? ContainerType { get; set; }

    public bool? FullStoreAndReadSupport { get; set; }

    public bool? WantEncryption { get; set; }

    public string? PublicKey { get; set; }

    public string? PublicKeyId { get; set; }
}

/// <summary>A connection file that passed every rule: what the offload client uses.</summary>
/// <param name="AuthenticationUris">1..10 absolute URIs, all https when certificates are pinned, all http when none.</param>
/// <param name="PinnedCertificates">DER of each listed certificate; empty means plain HTTP.</param>
/// <param name="PublicKeyPem">The RSA public key (PEM text) clips are encrypted to; null without WantEncryption.</param>
public sealed record ConnectionSettings(
    string SiteName,
    string ApplicationName,
    string ApplicationVersion,
    bool ContentDestinationAsNtpServer,
    IReadOnlyList<Uri> AuthenticationUris,
    IReadOnlyList<byte[]> PinnedCertificates,
    string UserName,
    string Key,
    string ContainerType,
    bool FullStoreAndReadSupport,
    bool WantEncryption,
    string? PublicKeyPem,
    string? PublicKeyId)
{
    public bool UsesTls => PinnedCertificates.Count > 0;

    // The credentials never reach a log through ToString.
    public override string ToString() =>
        $"{SiteName} ({string.Join(", ", AuthenticationUris)}), user {UserName}, {PinnedCertificates.Count} pinned certificate(s), encryption {(WantEncryption ? "on, key " + PublicKeyId : "off")}";
}
