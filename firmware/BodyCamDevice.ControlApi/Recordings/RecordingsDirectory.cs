// The recordings as the control API and the web UI see them: every *.mp4 in one directory, each
// with an optional manifest beside it (<clip>.mp4.json, else <clip>.json). Whatever writes the
// clips — the capture pipeline, the emulator's stand-in — only has to write there. Read-only:
// nothing here deletes or changes footage. Names from requests are checked so they can never
// leave the directory. Changed fires (on a watcher thread) when files appear, change or go.
using System.Text.Json;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.ControlApi.Recordings;

public sealed class RecordingsDirectory : IDisposable
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

        var besideWithExtension = clip + ".json";
        var besideWithoutExtension = System.IO.Path.ChangeExtension(clip, ".json");
        return File.Exists(besideWithExtension) ? besideWithExtension : File.Exists(besideWithoutExtension) ? besideWithoutExtension : null;
    }

    public void Dispose() => _watcher?.Dispose();

    private RecordingView Describe(FileInfo clip)
    {
        var manifestPath = ManifestPath(clip.Name);
        JsonElement? manifest = null;
        if (manifestPath is not null)
        {
            try
            {
                // A signed manifest is shown by its payload, the manifest itself.
                using var document = JsonDocument.Parse(Firmware.Capture.Recording.ManifestJson.PayloadOf(File.ReadAllBytes(manifestPath)).ToArray());
                manifest = document.RootElement.Clone();
            }
            catch (Exception exception) when (exception is JsonException or IOException)
            {
                // Being written, or torn: listed without it; the next change event lists it again.
            }
        }

        return new RecordingView(clip.Name, clip.Length, clip.LastWriteTimeUtc, manifestPath is null ? null : System.IO.Path.GetFileName(manifestPath), manifest);
    }

    private static bool IsPlainName(string name) =>
        !string.IsNullOrWhiteSpace(name) && name == System.IO.Path.GetFileName(name) && name is not "." and not ".." && name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) < 0;

    private void OnFileEvent(object sender, FileSystemEventArgs args)
    {
        if (args.Name is { } name && (name.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            Changed?.Invoke();
        }
    }
}
