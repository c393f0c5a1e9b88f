// The recordings the dock offloads, read from the recordings directory: every clip manifest
// ("<id>_clipNN.json"), grouped by recording, each clip with the files the recorder wrote beside
// it — its key object ("<id>_clipNN.key" or "<clip>.key") and the manifest's JWS ("<id>_clipNN.jws"
// or "<manifest>.jws") when present. A clip without a manifest is being written or was cut by a
// power loss: it is not offloaded (and so never deleted). The recording being made is left out
// whole. The MD5 is the one the manifest carries, taken while the clip was written; a manifest
// from before it was kept gets its clip hashed here, once per dock. A recording's categories come
// from its category record (CategoryRecordFile); one whose record cannot be read is not offloaded
// (what the officer marked is never sent without it). Reads files: an adapter, run off the device loop.
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Categories;

namespace BodyCamDevice.Firmware.Offload.Recordings;

/// <param name="Problems">Files left out, each with why (an unreadable manifest, one naming a clip elsewhere).</param>
public sealed record RecordingFolderScan(IReadOnlyList<OffloadRecording> Recordings, IReadOnlyList<string> Problems);

public static partial class RecordingFolder
{
    [System.Text.RegularExpressions.GeneratedRegex(@"_clip\d{2,}\.json$")]
    private static partial System.Text.RegularExpressions.Regex ClipManifestName();

    /// <param name="activeRecordingId">The recording being written now, left out; null when none.</param>
    public static RecordingFolderScan Read(string directory, string? activeRecordingId)
    {
        var problems = new List<string>();
        var clips = new Dictionary<string, List<RecordedClip>>(StringComparer.Ordinal);
        if (!Directory.Exists(directory))
        {
            return new([], [$"{directory}: no recordings directory"]);
        }

        foreach (var manifestPath in Directory.EnumerateFiles(directory, "*_clip*.json").Order(StringComparer.Ordinal))
        {
            if (!ClipManifestName().IsMatch(Path.GetFileName(manifestPath)))
            {
                // An encrypted clip's locations (…_clipNN_gpstrail.json): sent with its clip's recording.
                continue;
            }

            ClipManifest manifest;
            try
            {
                manifest = ManifestJson.Parse(File.ReadAllBytes(manifestPath));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                problems.Add($"{Path.GetFileName(manifestPath)}: not offloaded, the manifest cannot be read ({exception.Message})");
                continue;
            }

            if (manifest.RecordingId == activeRecordingId)
            {
                continue;
            }

            var name = manifest.File.Name;
            if (name.Length == 0 || Path.GetFileName(name) != name)
            {
                problems.Add($"{Path.GetFileName(manifestPath)}: not offloaded, its file name '{name}' is not a file beside it");
                continue;
            }

            var clipPath = Path.Combine(directory, name);
            var md5 = manifest.File.Md5 ?? (File.Exists(clipPath) ? OffloadFiles.Describe(clipPath).Md5 : "");
            if (!clips.TryGetValue(manifest.RecordingId, out var list))
            {
                clips[manifest.RecordingId] = list = [];
            }

            list.Add(new RecordedClip(clipPath, manifest, md5, manifestPath,
                Beside(clipPath, ".key"), Beside(manifestPath, ".jws")));
        }

        var recordings = new List<OffloadRecording>();
        foreach (var (id, recorded) in clips)
        {
            try
            {
                var categories = CategoryRecordFile.Read(directory, id);
                var recording = ManifestOffloadMapping.Map(recorded, categories?.Categories.Select(entry => new StoreCategory(entry.Id, entry.Name, entry.Evidence)).ToList());
                recordings.Add(categories is null ? recording : recording with { CategoryRecord = OffloadFiles.Describe(CategoryRecordFile.PathFor(directory, id)) });
            }
            catch (Exception exception) when (exception is ArgumentException or FormatException or IOException)
            {
                problems.Add($"{id}: not offloaded, its manifests do not make one recording ({exception.Message})");
            }
        }

        return new(recordings, problems);
    }

    // "<name>.key" in place of the extension, or appended to the whole name.
    private static string? Beside(string path, string extension) =>
        new[] { Path.ChangeExtension(path, extension), path + extension }.FirstOrDefault(File.Exists);
}
