// The rules of a connection file, each error naming its field (array items as Field[i]) and
// echoing the value, except the BlobAPIKey's. The rules are the published ones (lengths, at most
// ten URIs and ten certificates, PublicKey and PublicKeyId with WantEncryption only) plus what
// this camera needs: one scheme for all URIs (https when certificates are pinned, http only when
// none are), MP4 as the container type, an RSA key of at least 2048 bits.
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Offload.Connection;

public static class ConnectionFileValidator
{
    public const string SupportedVersion = "1.0";
    public const int MaximumUris = 10;
    public const int MaximumCertificates = 10;
    public const int MinimumRsaKeyBits = 2048;

    /// <param name="settings">The validated settings, or null when any error was found.</param>
    public static List<ConfigurationError> Validate(ConnectionFile file, out ConnectionSettings? settings)
    {
        var errors = new List<ConfigurationError>();
        settings = null;

        if (file.ConnectionFileVersion != SupportedVersion)
        {
            errors.Add(new("ConnectionFileVersion", Quote(file.ConnectionFileVersion), $"must be \"{SupportedVersion}\", the version this camera reads"));
        }

        var siteName = Text("SiteName", file.SiteName, 64, errors);
        var applicationName = Text("ApplicationName", file.ApplicationName, 256, errors);
        var applicationVersion = Text("ApplicationVersion", file.ApplicationVersion, 128, errors);
        if (file.ContentDestinationAsNtpServer is null)
        {
            errors.Add(new("ContentDestinationAsNTPServer", "(missing)", "must be true or false: whether the camera asks the store's host for the time"));
        }

        var certificates = Certificates(file.HttpsCertificate, errors);
        var uris = Uris(file.AuthenticationTokenUri, tls: file.HttpsCertificate is { Count: > 0 }, errors);

        var userName = Text("BlobAPIUserName", file.BlobAPIUserName, 64, errors);
        var key = Text("BlobAPIKey", file.BlobAPIKey, 64, errors, secret: true);

        var containerType = file.ContainerType ?? "mkv";
        if (containerType is not ("mkv" or "mp4"))
        {
            errors.Add(new("ContainerType", Quote(file.ContainerType), "must be \"mkv\" or \"mp4\""));
        }
        else if (containerType != "mp4")
        {
            errors.Add(new("ContainerType", file.ContainerType is null ? "(missing: mkv)" : Quote(file.ContainerType), "this camera records MP4 clips: the store must accept \"mp4\""));
        }

        var wantEncryption = file.WantEncryption ?? false;
        string? publicKeyPem = null;
        string? publicKeyId = null;
        if (wantEncryption)
        {
            publicKeyPem = ConnectionPublicKey.Decode(file.PublicKey, errors);
            publicKeyId = Text("PublicKeyId", file.PublicKeyId, 128, errors, requiredBecause: "WantEncryption is true: the store needs the key's ID to find its private key");
        }
        else
        {
            if (!string.IsNullOrEmpty(file.PublicKey))
            {
                errors.Add(new("PublicKey", Abbreviate(file.PublicKey), "is only allowed with WantEncryption true"));
            }

            if (!string.IsNullOrEmpty(file.PublicKeyId))
            {
                errors.Add(new("PublicKeyId", Quote(file.PublicKeyId), "is only allowed with WantEncryption true"));
            }
        }

        if (errors.Count == 0)
        {
            settings = new ConnectionSettings(
                siteName!, applicationName!, applicationVersion!, file.ContentDestinationAsNtpServer!.Value,
                uris, certificates, userName!, key!, containerType,
                file.FullStoreAndReadSupport ?? false, wantEncryption, publicKeyPem, publicKeyId);
        }

        return errors;
    }

    private static List<byte[]> Certificates(List<string>? listed, List<ConfigurationError> errors)
    {
        var certificates = new List<byte[]>();
        if (listed is null)
        {
            return certificates;
        }

        if (listed.Count > MaximumCertificates)
        {
            errors.Add(new("HTTPSCertificate", $"{listed.Count} certificates", $"at most {MaximumCertificates} may be listed"));
        }

        for (var index = 0; index < listed.Count; index++)
        {
            if (ConnectionCertificates.Decode(listed[index], out var problem) is { } der)
            {
                certificates.Add(der);
            }
            else
            {
                errors.Add(new($"HTTPSCertificate[{index}]", Abbreviate(listed[index]), problem!));
            }
        }

        return certificates;
    }

    private static List<Uri> Uris(List<string>? listed, bool tls, List<ConfigurationError> errors)
    {
        var uris = new List<Uri>();
        if (listed is null || listed.Count == 0)
        {
            errors.Add(new("AuthenticationTokenURI", listed is null ? "(missing)" : "[]", "must list the store's authentication URI (at least one)"));
            return uris;
        }

        if (listed.Count > MaximumUris)
        {
            errors.Add(new("AuthenticationTokenURI", $"{listed.Count} URIs", $"at most {MaximumUris} may be listed"));
        }

        for (var index = 0; index < listed.Count; index++)
        {
            var field = $"AuthenticationTokenURI[{index}]";
            var text = listed[index];
            if (text is null || text.Length > 512)
            {
                errors.Add(new(field, text is null ? "null" : $"{text.Length} characters", "must be a URI of at most 512 characters"));
            }
            else if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            {
                errors.Add(new(field, Quote(text), "must be an absolute http:// or https:// URI, e.g. https://store.example:8080/auth/v1.0"));
            }
            else if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
            {
                var shown = uri.UserInfo.Length > 0 ? text.Replace(uri.UserInfo + "@", "(hidden)@", StringComparison.Ordinal) : text;
                errors.Add(new(field, Quote(shown), "must not carry credentials or a fragment (the credentials are BlobAPIUserName and BlobAPIKey)"));
            }
            else if (tls && uri.Scheme != "https")
            {
                errors.Add(new(field, Quote(text), "must be https: HTTPSCertificate pins the store's certificates, so the connection is TLS"));
            }
            else if (!tls && uri.Scheme != "http")
            {
                errors.Add(new(field, Quote(text), "is https but HTTPSCertificate lists no certificate to pin: list the store's certificate, or use http (development only)"));
            }
            else
            {
                uris.Add(uri);
            }
        }

        return uris;
    }

    private static string? Text(string field, string? value, int maximum, List<ConfigurationError> errors, bool secret = false, string? requiredBecause = null)
    {
        var shown = secret ? "(hidden)" : Quote(value);
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, value is null ? "(missing)" : shown, requiredBecause is null ? "must be set" : "must be set: " + requiredBecause));
            return null;
        }

        if (value.Length > maximum)
        {
            errors.Add(new(field, secret ? shown : $"{value.Length} characters", $"must be at most {maximum} characters"));
            return null;
        }

        if (value.Any(char.IsControl))
        {
            errors.Add(new(field, secret ? shown : Quote(value.Replace("\n", "\\n", StringComparison.Ordinal)), "must not contain control characters"));
            return null;
        }

        return value;
    }

    internal static string Quote(string? value) => value is null ? "(missing)" : $"\"{value}\"";

    // Certificates and keys are long: their first characters are enough to find them in the file.
    internal static string Abbreviate(string? value) =>
        value is null ? "null" : value.Length <= 24 ? Quote(value) : $"\"{value[..20]}…\" ({value.Length} characters)";
}
