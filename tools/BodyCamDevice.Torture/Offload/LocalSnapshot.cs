// What the device held before its first dock, hashed by the torture itself: every file of the
// recordings folder with its size and MD5 (the store's ETag) and each clip's recording and number,
// and a copy of each kept in the trial's directory (a lost clip's duration is measured on it).
// Invariant 3 is judged against it: a file gone from the device must be in the store with this MD5.
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Offload;

/// <param name="Recording">The clip's recording: its name up to `_clip` (e.g. `BC-000777_20261206T031500Z_0001`).</param>
/// <param name="RecordingCounter">The device's recording counter as the store's object names carry it (`0001`).</param>
/// <param name="ClipIndex">The clip's number in its recording (`01`).</param>
internal sealed record LocalFile(string Name, long Size, string Md5, string Recording, string? RecordingCounter, string? ClipIndex)
{
    public bool IsClip => Name.EndsWith(".mp4", StringComparison.Ordinal);
}

internal sealed partial class LocalSnapshot(IReadOnlyList<LocalFile> files, string copies)
{
    public static readonly LocalSnapshot Empty = new([], "");

    public IReadOnlyList<LocalFile> Files { get; } = files;

    public IReadOnlyList<LocalFile> Clips => Files.Where(file => file.IsClip).ToList();

    /// <summary>
    /// Seconds of video in the copy of a clip taken before the dock: ffprobe's, or for an encrypted
    /// clip (which ffprobe cannot open) its manifest's durationSeconds, as copied beside it.
    /// </summary>
    public double DurationSeconds(LocalFile file)
    {
        if (!file.IsClip)
        {
            return 0;
        }

        var probe = ClipProbe.Of(Path.Combine(copies, file.Name));
        string manifest = Path.Combine(copies, Path.ChangeExtension(file.Name, ".json"));
        if (probe.Opens || !File.Exists(manifest))
        {
            return probe.DurationSeconds;
        }

        return Manifest.Read(manifest).Payload.TryGetProperty("clip", out var clip) && clip.TryGetProperty("durationSeconds", out var seconds)
            ? seconds.GetDouble()
            : 0;
    }

    public static LocalSnapshot Take(Workspace workspace)
    {
        string copies = Directory.CreateDirectory(Path.Combine(workspace.Root, "before-dock")).FullName;
        var files = new List<LocalFile>();
        foreach (string path in Directory.GetFiles(workspace.RecordingsDirectory).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(path);
            var match = ClipName().Match(name);
            string recording = match.Success ? match.Groups["recording"].Value : Path.GetFileNameWithoutExtension(name);
            string copy = Path.Combine(copies, name);
            File.Copy(path, copy);
            files.Add(new LocalFile(name, new FileInfo(copy).Length, Md5Of(copy), recording,
                match.Success ? match.Groups["counter"].Value : null, match.Success ? match.Groups["clip"].Value : null));
        }

        return new LocalSnapshot(files, copies);
    }

    public static string Md5Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    [GeneratedRegex(@"^(?<recording>.+_(?<counter>\d+))_clip(?<clip>\d+)\.(mp4|json)$")]
    private static partial Regex ClipName();
}
