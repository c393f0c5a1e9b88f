// The recordings as the control API and the web UI see them: every *.mp4 in one directory, each
// with the manifest the capture pipeline seals beside it (<recording>_clipNN.json), read through
// the firmware's one manifest type (ManifestJson). A clip without a readable manifest (still being
// recorded, or cut off by a power loss) is listed without one; each with its recording's categories
// (the category record beside it). Read-only: nothing here deletes or changes footage. Names from requests are checked so they can never leave the directory. Changed
// fires (on a watcher thread) when files appear, change or go.
using System.Text.Json;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Categories;

namespace BodyCamDevice.ControlApi.Recordings;

public sealed partial class RecordingsDirectory : IDisposable
{
    private readonly FileSystemWatcher? _watcher;

    public RecordingsDirectory(string path, bool watch = true)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
        if (watch)
        {
            _watcher = new FileSystemWatcher(Path) { IncludeSubdirectories = false, EnableRaisingEvents = true };
            _watcher.Created += OnFileEvent;
            _watcher.Changed += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += OnFileEvent;
        }
    }

    public event Action? Changed;

    public string Path { get; }

    /// <summary>Newest first (by modification time, then name).</summary>
    public IReadOnlyList<RecordingView> List() =>
        new DirectoryInfo(Path).EnumerateFiles("*.mp4")
            .OrderByDescending(file => file.LastWriteTimeUtc).ThenByDescending(file => file.Name, StringComparer.Ordinal)
            .Select(Describe)
            .ToArray();

    /// <summary>The clip's full path, or null when <paramref name="name"/> is not a clip in this directory.</summary>
    public string? ClipPath(string name) =>
        IsPlainName(name) && name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) && File.Exists(System.IO.Path.Combine(Path, name))
            ? System.IO.Path.Combine(Path, name)
            : null;

    /// <summary>The manifest's full path for clip <paramref name="name"/>, or null.</summary>
    public string? ManifestPath(string name)
    {
        if (ClipPath(name) is not { } clip)
        {
            return null;
        }

        var manifest = System.IO.Path.ChangeExtension(clip, ".json");
        return File.Exists(manifest) ? manifest : null;
    }

    public void Dispose() => _watcher?.Dispose();

    private RecordingView Describe(FileInfo clip)
    {
        var manifestPath = ManifestPath(clip.Name);
        ClipManifest? manifest = null;
        if (manifestPath is not null)
        {
            try
            {
                manifest = ManifestJson.Parse(File.ReadAllBytes(manifestPath));
            }
            catch (Exception exception) when (exception is JsonException or IOException or NotSupportedException)
            {
                // Torn or not a manifest: listed without it; the next change event lists it again.
            }
        }

        return new RecordingView(clip.Name, clip.Length, clip.LastWriteTimeUtc, manifestPath is null ? null : System.IO.Path.GetFileName(manifestPath), manifest,
            manifest is null ? null : CategoriesOf(manifest.RecordingId));
    }

    /// <summary>
    /// The recording ID <paramref name="name"/> stands for: a recording ID with a clip here, or one
    /// of its clips' names; null when it is neither.
    /// </summary>
    public string? RecordingId(string name)
    {
        if (!IsPlainName(name) || name.IndexOfAny(['*', '?']) >= 0)
        {
            return null;
        }

        if (ClipPath(name) is { } clip)
        {
            var manifest = ManifestPath(name);
            try
            {
                return manifest is null ? ClipName().Match(name) is { Success: true } match ? match.Groups["id"].Value : null
                    : ManifestJson.Parse(File.ReadAllBytes(manifest)).RecordingId;
            }
            catch (Exception exception) when (exception is JsonException or IOException or NotSupportedException)
            {
                return ClipName().Match(System.IO.Path.GetFileName(clip)) is { Success: true } match ? match.Groups["id"].Value : null;
            }
        }

        return Directory.EnumerateFiles(Path, name + "_clip*.mp4").Any() ? name : null;
    }

    /// <summary>The recording's categories from its record; none when it has no record (or an unreadable one, which the dock reports).</summary>
    public RecordingCategoriesView CategoriesOf(string recordingId)
    {
        try
        {
            return CategoryRecordFile.Read(Path, recordingId) is { } record ? RecordingCategoriesView.From(record) : RecordingCategoriesView.None(recordingId);
        }
        catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException)
        {
            return RecordingCategoriesView.None(recordingId);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<id>.+)_clip\d{2,}\.mp4$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex ClipName();

    private static bool IsPlainName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name == System.IO.Path.GetFileName(name) && name is not "." and not ".." && name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) < 0;

    private void OnFileEvent(object sender, FileSystemEventArgs args)
    {
        if (args.Name is { } name && (name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(CategoryRecordFile.Suffix, StringComparison.OrdinalIgnoreCase)))
        {
            Changed?.Invoke();
        }
    }
}
