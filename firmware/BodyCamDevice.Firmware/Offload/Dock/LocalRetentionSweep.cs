// The camera's own housekeeping, run at every dock before anything is sent (it needs no store):
// the local files of recordings the store confirmed at an earlier dock but which a power cut kept
// from being deleted (the journal names each file and the MD5 the store holds; the file is hashed
// again here and goes only if it still matches, JSON manifests last), then the journals that
// guard nothing any more (LocalRetentionPolicy), set-aside ones too. Never touches an unconfirmed recording, nor the
// one being written. Each deletion is audited. Runs on the offload's task.
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Dock;

/// <param name="Deleted">Local files deleted.</param>
/// <param name="PrunedJournals">Recording IDs whose journal was deleted, and the file names of set-aside journals deleted.</param>
public sealed record SweepResult(IReadOnlyList<string> Deleted, IReadOnlyList<string> PrunedJournals);

public static class LocalRetentionSweep
{
    /// <param name="journalKeep">How long a confirmed journal stays once its files are gone (Offload.Retention).</param>
    /// <param name="audit">Records an audit entry (posted to the device loop).</param>
    public static SweepResult Run(string journalDirectory, string recordingsDirectory, string? activeRecordingId, DateTimeOffset now, TimeSpan journalKeep, Action<string, (string Key, string Value)[]> audit)
    {
        var deleted = new List<string>();
        var pruned = new List<string>();
        if (!Directory.Exists(journalDirectory))
        {
            return new(deleted, pruned);
        }

        foreach (var journalPath in Directory.EnumerateFiles(journalDirectory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var recordingId = Path.GetFileNameWithoutExtension(journalPath);
            if (recordingId == activeRecordingId)
            {
                continue;
            }

            var journal = OffloadJournal.Open(journalDirectory, recordingId);
            if (journal.Confirmed is not { } confirmed)
            {
                continue; // not confirmed: nothing of it is ever deleted
            }

            var leftovers = journal.StoredObjects
                .Where(entry => entry.Local is { } local && File.Exists(local))
                .OrderBy(entry => entry.Local!.EndsWith(".json", StringComparison.Ordinal) ? 1 : 0)
                .ThenBy(entry => entry.Local, StringComparer.Ordinal);
            foreach (var entry in leftovers)
            {
                var local = entry.Local!;
                var file = OffloadFiles.Describe(local);
                if (!LocalRetentionPolicy.MayDeleteLocal(true, file.SizeBytes, file.Md5, entry.Size ?? -1, entry.Md5 ?? ""))
                {
                    audit("footage-kept", [("recording", recordingId), ("file", local), ("object", entry.Object ?? ""), ("reason", $"no longer what the store holds ({file.SizeBytes} bytes, MD5 {file.Md5}; the store: {entry.Size} bytes, MD5 {entry.Md5})")]);
                    continue;
                }

                File.Delete(local);
                deleted.Add(local);
                audit("footage-deleted",
                [
                    ("recording", recordingId),
                    ("file", local),
                    ("container", confirmed.Container ?? journal.Container ?? ""),
                    ("object", entry.Object ?? ""),
                    ("etag", entry.Md5 ?? ""),
                    ("size", (entry.Size ?? 0).ToString(CultureInfo.InvariantCulture)),
                    ("verifiedUtc", confirmed.Utc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                    ("by", "local retention sweep: confirmed at an earlier dock"),
                ]);
            }

            if (deleted.Count > 0)
            {
                DirectorySync.Sync(recordingsDirectory);
            }

            var localFilesLeft = Directory.Exists(recordingsDirectory)
                && Directory.EnumerateFiles(recordingsDirectory, recordingId + "_*").Any();
            if (LocalRetentionPolicy.MayPruneJournal(confirmed.Utc, localFilesLeft, now, journalKeep))
            {
                File.Delete(journalPath);
                pruned.Add(recordingId);
                audit("journal-pruned", [("recording", recordingId), ("confirmedUtc", confirmed.Utc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture))]);
            }
        }

        PruneSetAside(journalDirectory, recordingsDirectory, activeRecordingId, now, journalKeep, audit, pruned);
        return new(deleted, pruned);
    }

    // Journals set aside for a reused recording ID (ReusedRecordingIds) go by the same rule: each
    // is a confirmed recording's, and goes once the retention has passed since that confirmation
    // and no file under its recording ID is left on the camera (the later recording's included, so
    // it also outlives the footage that reused the ID). One that does not read as confirmed stays.
    private static void PruneSetAside(string journalDirectory, string recordingsDirectory, string? activeRecordingId, DateTimeOffset now, TimeSpan journalKeep, Action<string, (string Key, string Value)[]> audit, List<string> pruned)
    {
        foreach (var path in Directory.EnumerateFiles(journalDirectory, "*" + ReusedRecordingIds.SetAsideExtension).Order(StringComparer.Ordinal))
        {
            var recordingId = ReusedRecordingIds.RecordingIdOfSetAside(Path.GetFileName(path));
            if (recordingId is null || recordingId == activeRecordingId)
            {
                continue;
            }

            var journal = OffloadJournal.OpenFile(path);
            var localFilesLeft = Directory.Exists(recordingsDirectory)
                && Directory.EnumerateFiles(recordingsDirectory, recordingId + "_*").Any();
            if (journal.Confirmed is not { } confirmed || !LocalRetentionPolicy.MayPruneJournal(confirmed.Utc, localFilesLeft, now, journalKeep))
            {
                continue;
            }

            File.Delete(path);
            pruned.Add(Path.GetFileName(path));
            audit("journal-pruned",
            [
                ("recording", recordingId),
                ("journal", Path.GetFileName(path)),
                ("confirmedUtc", confirmed.Utc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            ]);
        }
    }
}
