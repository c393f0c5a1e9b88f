// The device clock's last check against the evidence store's time (DockClock, at the dock), which
// every manifest sealed after it carries (ClipManifest.Clock). Kept in the state directory
// (evidence/clock-sync.json, replaced atomically), so the clips recorded after a restart still
// say when and how far off the clock was last found; a device without a state directory (tests)
// keeps it in memory only. A missing or damaged file is a device never checked: the next dock
// writes it again, and nothing recorded depends on it.
//
// Threads: Record from the offload's task, Latest from the recording writer's; the record is
// immutable and swapped whole.
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence;

public sealed class ClockSyncRecord
{
    public const string FileName = "clock-sync.json";

    private readonly string? _path;
    private ManifestClockSync? _latest;

    /// <param name="path">The file it is kept in; null: in memory only.</param>
    public ClockSyncRecord(string? path)
    {
        _path = path;
        _latest = path is null ? null : Read(path);
    }

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, "evidence", FileName);

    /// <summary>The last check; null when the clock has never been checked.</summary>
    public ManifestClockSync? Latest => Volatile.Read(ref _latest);

    /// <summary>Keeps <paramref name="sync"/> as the last check (on storage first, when kept there).</summary>
    /// <exception cref="IOException">The file could not be written; the check is still kept in memory.</exception>
    public void Record(ManifestClockSync sync)
    {
        Volatile.Write(ref _latest, sync);
        if (_path is not null)
        {
            AtomicFile.Replace(_path, JsonSerializer.SerializeToUtf8Bytes(sync, ManifestJson.Context.ManifestClockSync));
        }
    }

    private static ManifestClockSync? Read(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ManifestJson.Context.ManifestClockSync) : null;
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
