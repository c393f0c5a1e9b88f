// The one place the firmware deletes footage: after the store confirmed a recording (Complete,
// then every object checked by HEAD), each local file it was sent from goes — and only when the
// recording's journal holds that object stored with the same MD5 and the file still has the size
// the store holds. Anything else is kept and said why. Clips, keys and signatures go first, the
// JSON manifests last: a power cut half-way leaves a manifest, so the next dock finds the
// recording again, reports it confirmed from the journal without sending a byte, and deletes
// the rest. Every deletion is audited with the store's confirmation. Runs on the offload's task.
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Offload.Bwi;

namespace BodyCamDevice.Firmware.Offload.Dock;

/// <param name="Deleted">Local files deleted now.</param>
/// <param name="Kept">Local files of a confirmed recording that were kept, each with why.</param>
public sealed record FileRemoval(IReadOnlyList<string> Deleted, IReadOnlyList<string> Kept);

public static class ConfirmedFileRemoval
{
    /// <param name="audit">Records an audit entry (posted to the device loop).</param>
    public static FileRemoval Remove(RecordingOffloadResult result, string journalDirectory, Action<string, (string Key, string Value)[]> audit)
    {
        var deleted = new List<string>();
        var kept = new List<string>();
        if (result.Outcome != RecordingOffloadOutcome.Confirmed || result.Confirmation is not { } confirmation)
        {
            return new(deleted, kept);
        }

        var journal = OffloadJournal.Open(journalDirectory, result.RecordingId);
        var confirmed = result.ConfirmedLocalFiles.ToHashSet(StringComparer.Ordinal);
        var objects = confirmation.Objects
            .Where(item => item.LocalPath is { } path && confirmed.Contains(path))
            .OrderBy(item => item.Kind == StoreObjectKind.Manifest ? (item.LocalPath!.EndsWith(".json", StringComparison.Ordinal) ? 2 : 1) : 0)
            .ThenBy(item => item.LocalPath, StringComparer.Ordinal);
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in objects)
        {
            var path = stored.LocalPath!;
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                continue; // deleted at an earlier dock, before a power cut took the rest
            }

            var why = !journal.IsStored(stored.Name, stored.Etag) ? "the journal does not hold it stored with this MD5"
                : file.Length != stored.Size ? $"it has {file.Length} bytes, the store holds {stored.Size}"
                : null;
            if (why is not null)
            {
                kept.Add($"{path}: {why}");
                audit("footage-kept", [("recording", result.RecordingId), ("file", path), ("object", stored.Name), ("reason", why)]);
                continue;
            }

            File.Delete(path);
            deleted.Add(path);
            directories.Add(Path.GetDirectoryName(path)!);
            audit("footage-deleted",
            [
                ("recording", result.RecordingId),
                ("file", path),
                ("container", confirmation.Container),
                ("object", stored.Name),
                ("etag", stored.Etag),
                ("size", stored.Size.ToString(CultureInfo.InvariantCulture)),
                ("verifiedUtc", confirmation.VerifiedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                ("deleteAt", confirmation.DeleteAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? "never (evidence)"),
            ]);
        }

        foreach (var directory in directories)
        {
            DirectorySync.Sync(directory);
        }

        return new(deleted, kept);
    }
}
