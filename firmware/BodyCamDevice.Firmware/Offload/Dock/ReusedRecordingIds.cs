// A recording ID names one recording only while its files are on the camera: once a confirmed
// recording's files are deleted, a camera whose clock repeats a second (no RTC, clock not set after
// a reboot) can make another recording with the same ID. Its journal would then say "confirmed" for
// footage the store has never seen, and the dock would never send it. So before a dock, a confirmed
// journal that holds none of a clip's MD5 among its stored objects belongs to an earlier recording:
// it is set aside (renamed, kept for the record) and the recording is offloaded afresh (under a
// container name of its own, as a taken name gets). Runs on the offload's task.
using System.Globalization;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Dock;

public static class ReusedRecordingIds
{
    /// <summary>A journal set aside is <c>&lt;recording ID&gt;.earlier-&lt;time&gt;.jsonl.old</c>.</summary>
    public const string SetAsideMarker = ".earlier-";

    public const string SetAsideExtension = ".jsonl.old";

    /// <summary>The recording ID a set-aside journal's file name begins with; null for any other name.</summary>
    public static string? RecordingIdOfSetAside(string fileName)
    {
        var marker = fileName.IndexOf(SetAsideMarker, StringComparison.Ordinal);
        return marker > 0 && fileName.EndsWith(SetAsideExtension, StringComparison.Ordinal) ? fileName[..marker] : null;
    }

    /// <returns>The recording IDs whose journal was set aside.</returns>
    public static IReadOnlyList<string> SetAsideForeignJournals(IEnumerable<OffloadRecording> recordings, string journalDirectory, DateTimeOffset now, Action<string, (string Key, string Value)[]> audit)
    {
        var setAside = new List<string>();
        foreach (var recording in recordings)
        {
            var path = Path.Combine(journalDirectory, recording.RecordingId + ".jsonl");
            if (!File.Exists(path))
            {
                continue;
            }

            var journal = OffloadJournal.Open(journalDirectory, recording.RecordingId);
            if (journal.Confirmed is not { } confirmed)
            {
                continue;
            }

            // A clip whose MD5 is unknown (a manifest from before it was kept, its clip gone) tells nothing.
            var stored = journal.StoredObjects.Select(entry => entry.Md5).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
            var known = recording.Clips.Select(clip => clip.Media.Md5).Where(md5 => md5.Length > 0).ToList();
            if (known.Count == 0 || known.Any(stored.Contains))
            {
                continue; // the same recording: confirmed, its files not yet all deleted
            }

            var aside = Path.Combine(journalDirectory, $"{recording.RecordingId}{SetAsideMarker}{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}{SetAsideExtension}");
            File.Move(path, aside);
            setAside.Add(recording.RecordingId);
            audit("journal-set-aside",
            [
                ("recording", recording.RecordingId),
                ("reason", "its journal confirmed another recording with this ID (none of its clips' MD5s)"),
                ("earlierContainer", confirmed.Container ?? journal.Container ?? ""),
                ("keptAs", aside),
            ]);
        }

        return setAside;
    }
}
