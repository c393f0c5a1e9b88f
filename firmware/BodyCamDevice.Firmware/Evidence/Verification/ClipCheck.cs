// Checks one clip against its manifest, reading both once and changing nothing: the SHA-256 and
// size of the stored file, the manifest's JWS signature against the device's public key, that
// the manifest names this file, and for an encrypted clip its key object (present, the one the
// manifest names, byte for byte). The chain link needs the other manifests: EvidenceVerifier.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Jws;
using BodyCamDevice.Firmware.Evidence.Manifests;

namespace BodyCamDevice.Firmware.Evidence.Verification;

// A clip as read: the report's checks so far, and the manifest for the chain checks.
internal sealed record ClipReading(string ClipPath, string? ManifestPath, ClipManifest? Manifest, string? ManifestSha256, List<Check> Checks);

internal static class ClipCheck
{
    public static ClipReading Read(string clipPath, ECDsa? deviceKey, string? deviceFingerprint)
    {
        var checks = new List<Check>();
        string? manifestPath = Path.ChangeExtension(clipPath, ".json");
        if (!File.Exists(manifestPath))
        {
            checks.Add(new("manifest", CheckStatus.Failed, $"no manifest beside it ({Path.GetFileName(manifestPath)}): not sealed, or removed"));
            return new ClipReading(clipPath, null, null, null, checks);
        }

        byte[] manifestFile;
        try
        {
            manifestFile = File.ReadAllBytes(manifestPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            checks.Add(new("manifest", CheckStatus.Failed, $"unreadable: {exception.Message}"));
            return new ClipReading(clipPath, manifestPath, null, null, checks);
        }

        // The signature first: it covers the bytes, whether or not they still parse.
        string manifestSha = Convert.ToHexStringLower(SHA256.HashData(manifestFile));
        Check signature = Signature(manifestFile, deviceKey, deviceFingerprint);
        ClipManifest manifest;
        try
        {
            manifest = ManifestJson.Parse(manifestFile);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            checks.Add(new("manifest", CheckStatus.Failed, $"unreadable: {exception.Message}"));
            if (Es256Jws.LooksFlattened(manifestFile))
            {
                checks.Add(signature);
            }

            return new ClipReading(clipPath, manifestPath, null, manifestSha, checks);
        }

        checks.Add(manifest.File.Name == Path.GetFileName(clipPath)
            ? new("manifest", CheckStatus.Ok, $"names this clip (recording {manifest.RecordingId}, clip {manifest.ClipIndex})")
            : new("manifest", CheckStatus.Failed, $"is for {manifest.File.Name}, not this clip"));
        checks.Add(Hash(clipPath, manifest));
        checks.Add(signature);
        checks.Add(Encryption(clipPath, manifest));
        if (manifest.EncryptedTrack is { } track)
        {
            checks.Add(EncryptedTrack(Path.GetDirectoryName(Path.GetFullPath(clipPath))!, track));
        }

        checks.Add(manifest.Interrupted is { } cut
            ? new("interrupted", CheckStatus.Warning, $"cut off and sealed at the next start ({cut.RecoveredUtc}): {cut.BytesHeld} bytes held, {cut.WholeBytes} whole")
            : new("interrupted", CheckStatus.Ok, "no"));
        return new ClipReading(clipPath, manifestPath, manifest, manifestSha, checks);
    }

    private static Check Hash(string clipPath, ClipManifest manifest)
    {
        if (manifest.File.HashAlgorithm != Sha256Stage.AlgorithmName || string.IsNullOrEmpty(manifest.File.Hash))
        {
            return new("hash", CheckStatus.Failed, $"the manifest names no {Sha256Stage.AlgorithmName} hash (hashAlgorithm {manifest.File.HashAlgorithm})");
        }

        string actual;
        long size;
        try
        {
            using var clip = new FileStream(clipPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            size = clip.Length;
            actual = Convert.ToHexStringLower(SHA256.HashData(clip));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new("hash", CheckStatus.Failed, $"clip unreadable: {exception.Message}");
        }

        return string.Equals(actual, manifest.File.Hash, StringComparison.OrdinalIgnoreCase) && size == manifest.File.SizeBytes
            ? new("hash", CheckStatus.Ok, $"SHA-256 {actual} matches ({size} bytes)")
            : new("hash", CheckStatus.Failed, $"SHA-256 {actual} of {size} bytes, the manifest says {manifest.File.Hash} of {manifest.File.SizeBytes} bytes: the clip was changed after it was sealed");
    }

    private static Check Signature(byte[] manifestFile, ECDsa? deviceKey, string? deviceFingerprint)
    {
        if (!Es256Jws.LooksFlattened(manifestFile))
        {
            return new("signature", CheckStatus.Failed, "the manifest is not signed");
        }

        JwsParts jws;
        try
        {
            jws = Es256Jws.ReadFlattened(manifestFile);
        }
        catch (FormatException exception)
        {
            return new("signature", CheckStatus.Failed, $"the JWS is malformed: {exception.Message}");
        }

        if (jws.Type != ManifestSealer.JwsType)
        {
            return new("signature", CheckStatus.Failed, $"the JWS type is {jws.Type ?? "missing"}, not {ManifestSealer.JwsType}");
        }

        if (deviceKey is null)
        {
            return new("signature", CheckStatus.Failed, $"not checked: no device public key (signed by key {jws.KeyId}; give --key)");
        }

        if (!Es256Jws.Verify(jws, deviceKey))
        {
            return new("signature", CheckStatus.Failed, jws.KeyId == deviceFingerprint
                ? "does not verify with the device key: the manifest was changed after it was signed"
                : $"does not verify with the device key {deviceFingerprint}: signed by another key ({jws.KeyId ?? "no kid"})");
        }

        return new("signature", CheckStatus.Ok, $"ES256 by the device key {deviceFingerprint}");
    }

    private static Check Encryption(string clipPath, ClipManifest manifest)
    {
        string keyObject = Path.ChangeExtension(clipPath, Evidence.Encryption.KeyObject.Extension);
        if (manifest.Encryption is not { } encryption)
        {
            return File.Exists(keyObject)
                ? new("encryption", CheckStatus.Failed, $"a key object {Path.GetFileName(keyObject)} lies beside a clip the manifest says is not encrypted")
                : new("encryption", CheckStatus.NotApplicable, "stored in clear");
        }

        if (encryption.KeyObject != Path.GetFileName(keyObject))
        {
            return new("encryption", CheckStatus.Failed, $"the manifest names key object {encryption.KeyObject}, not {Path.GetFileName(keyObject)}");
        }

        if (!File.Exists(keyObject))
        {
            return new("encryption", CheckStatus.Failed, $"key object {encryption.KeyObject} missing: the clip cannot be decrypted");
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(keyObject)));
        if (actual != encryption.KeyObjectSha256)
        {
            return new("encryption", CheckStatus.Failed, $"key object {encryption.KeyObject} is not the one sealed with the clip (SHA-256 {actual}, the manifest says {encryption.KeyObjectSha256})");
        }

        if (manifest.Interrupted is null && manifest.File.SizeBytes % 16 != 0)
        {
            return new("encryption", CheckStatus.Failed, $"{manifest.File.SizeBytes} bytes is not whole AES blocks");
        }

        return new("encryption", CheckStatus.Ok, $"{encryption.ContentCipher}, key wrapped to {encryption.PublicKeyId}; key object intact");
    }

    // The clip's encrypted locations file and its key object, as sealed with the manifest.
    private static Check EncryptedTrack(string directory, ManifestEncryptedTrack track)
    {
        foreach ((string name, string expected, string what) in new[] { (track.Name, track.Sha256, "locations file"), (track.KeyObject, track.KeyObjectSha256, "its key object") })
        {
            string path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                return new("locations", CheckStatus.Failed, $"{what} {name} missing");
            }

            string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            if (actual != expected)
            {
                return new("locations", CheckStatus.Failed, $"{what} {name} is not the one sealed with the clip (SHA-256 {actual}, the manifest says {expected})");
            }
        }

        return new("locations", CheckStatus.Ok, $"encrypted in {track.Name}; it and its key object intact");
    }
}
