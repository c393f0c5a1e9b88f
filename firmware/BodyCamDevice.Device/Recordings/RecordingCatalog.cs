// The clips in a recordings directory as their manifests describe them: recording ID, clip
// index, start (UTC), duration, size and why the clip ended. Cheap: reads each manifest, never a
// clip (`bodycam verify` checks hashes and signatures). A clip without a readable manifest (being recorded, or
// cut by a power loss before it was sealed) is listed with what the file system knows.
// The manifest has no offload or evidence marking, so none is shown.
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Device.Recordings;

/// <param name="Manifest">Null when the clip has no manifest or it cannot be read (<paramref name="Note"/> says which).</param>
internal sealed record CatalogEntry(string FileName, long SizeBytes, ClipManifest? Manifest, string? Note);

internal static class RecordingCatalog
{
    /// <summary>Oldest first: by start time, then recording and clip index; clips without a manifest last, by name.</summary>
    /// <exception cref="DirectoryNotFoundException">No such directory.</exception>
    public static IReadOnlyList<CatalogEntry> List(string directory)
    {
        var entries = new List<CatalogEntry>();
        foreach (var clip in new DirectoryInfo(directory).EnumerateFiles("*.mp4"))
        {
            var manifestPath = ManifestBeside(clip.FullName);
            if (manifestPath is null)
            {
                entries.Add(new(clip.Name, clip.Length, null, "no manifest (being recorded, or not sealed)"));
                continue;
            }

            try
            {
                entries.Add(new(clip.Name, clip.Length, ManifestJson.Parse(File.ReadAllBytes(manifestPath)), null));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
            {
                entries.Add(new(clip.Name, clip.Length, null, $"manifest unreadable: {exception.Message}"));
            }
        }

        return entries
            .OrderBy(entry => entry.Manifest is null)
            .ThenBy(entry => entry.Manifest?.Clip.StartEpochMs ?? 0)
            .ThenBy(entry => entry.Manifest?.RecordingId, StringComparer.Ordinal)
            .ThenBy(entry => entry.Manifest?.ClipIndex ?? 0)
            .ThenBy(entry => entry.FileName, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>"&lt;clip&gt;.json" (the firmware's name), else "&lt;clip&gt;.mp4.json"; null when neither exists.</summary>
    public static string? ManifestBeside(string clipPath)
    {
        var withoutExtension = Path.ChangeExtension(clipPath, ".json");
        var withExtension = clipPath + ".json";
        return File.Exists(withoutExtension) ? withoutExtension : File.Exists(withExtension) ? withExtension : null;
    }
}
