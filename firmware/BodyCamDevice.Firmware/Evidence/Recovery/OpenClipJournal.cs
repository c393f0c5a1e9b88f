// What the writer knows about the clip it is writing, kept in the state directory
// (evidence/open-clip.json) and replaced after a fragment it syncs, at most once a second
// (ClipWriter): the manifest the clip
// would get if it were cut off now, its frame counts, times, markers and gaps as of the synced
// bytes (the muxer writes a fragment out before it takes the frame that ends it, so what the
// writer has counted then is exactly what the synced fragments hold). After a power cut
// TornClipRecovery seals the cut clip from it; without it (a cut in the clip's first second) a
// recovered manifest knows only what the file name says. One clip is open at a time, so one
// file is enough. Unsigned: it is a working record, and what it says reaches a manifest only
// through a recovery, which marks the manifest interrupted.
//
// Threads: Record on the writer task; Read at start, before recording.
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence.Recovery;

public sealed class OpenClipJournal
{
    public const string FileName = "open-clip.json";

    public OpenClipJournal(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    // Writes that failed (storage trouble): the recording goes on without the journal's help.
    public int Failures { get; private set; }

    public static string PathIn(string stateDirectory) => System.IO.Path.Combine(stateDirectory, "evidence", FileName);

    // `provisional`: the clip's manifest as of its synced bytes (File.SizeBytes), hash not yet known.
    public void Record(ClipManifest provisional)
    {
        try
        {
            AtomicFile.Replace(Path, ManifestJson.Serialize(provisional));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Failures++;
        }
    }

    // The journal's manifest when it is about `clipFileName`; null otherwise or when unreadable.
    public ClipManifest? Read(string clipFileName)
    {
        try
        {
            ClipManifest manifest = ManifestJson.Parse(File.ReadAllBytes(Path));
            return manifest.File.Name == clipFileName ? manifest : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
