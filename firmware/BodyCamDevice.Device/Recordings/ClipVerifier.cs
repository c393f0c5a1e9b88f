// Checks a clip against the manifest the firmware sealed beside it: the SHA-256 of the bytes on
// storage must equal the one written while recording, and the manifest must be this clip's
// (its file name). Reads the clip once, in chunks; never changes anything. Signatures come later.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Device.Recordings;

internal enum ClipVerdict
{
    Match,
    Mismatch,
    ManifestMissing,
    Unreadable,
}

/// <param name="Detail">One line for people: what was compared, or what could not be read.</param>
internal sealed record ClipVerification(ClipVerdict Verdict, string ClipPath, string? ManifestPath, ClipManifest? Manifest, string? ActualHash, long? ActualSize, string Detail);

internal static class ClipVerifier
{
    public static async Task<ClipVerification> VerifyAsync(string clipPath, CancellationToken cancellationToken = default)
    {
        clipPath = Path.GetFullPath(clipPath);
        if (!File.Exists(clipPath))
        {
            return new(ClipVerdict.Unreadable, clipPath, null, null, null, null, "no such clip");
        }

        if (ManifestBeside(clipPath) is not { } manifestPath)
        {
            return new(ClipVerdict.ManifestMissing, clipPath, null, null, null, null, $"no manifest beside it ({Path.GetFileName(ManifestPathOf(clipPath))})");
        }

        ClipManifest manifest;
        try
        {
            manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return new(ClipVerdict.Unreadable, clipPath, manifestPath, null, null, null, $"manifest unreadable: {exception.Message}");
        }

        if (manifest.File.HashAlgorithm != Sha256Stage.AlgorithmName || string.IsNullOrEmpty(manifest.File.Hash))
        {
            return new(ClipVerdict.Unreadable, clipPath, manifestPath, manifest, null, null, $"manifest names no {Sha256Stage.AlgorithmName} hash (hashAlgorithm {manifest.File.HashAlgorithm})");
        }

        string actual;
        long size;
        try
        {
            await using var clip = new FileStream(clipPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            size = clip.Length;
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(clip, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new(ClipVerdict.Unreadable, clipPath, manifestPath, manifest, null, null, $"clip unreadable: {exception.Message}");
        }

        var expected = manifest.File.Hash;
        if (manifest.File.Name != Path.GetFileName(clipPath))
        {
            return new(ClipVerdict.Mismatch, clipPath, manifestPath, manifest, actual, size, $"the manifest is for {manifest.File.Name}, not this clip");
        }

        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
            ? new(ClipVerdict.Match, clipPath, manifestPath, manifest, actual, size, $"SHA-256 {actual} matches the manifest ({size} bytes)")
            : new(ClipVerdict.Mismatch, clipPath, manifestPath, manifest, actual, size,
                $"SHA-256 {actual} of {size} bytes, the manifest says {expected} of {manifest.File.SizeBytes} bytes: the clip was changed after it was sealed");
    }

    /// <summary>The manifest's path, "&lt;recording&gt;_clipNN.json" beside "&lt;recording&gt;_clipNN.mp4"; null when it does not exist.</summary>
    public static string? ManifestBeside(string clipPath) => ManifestPathOf(clipPath) is var path && File.Exists(path) ? path : null;

    private static string ManifestPathOf(string clipPath) => Path.ChangeExtension(clipPath, ".json");
}
