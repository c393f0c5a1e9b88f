// What a recording becomes in the store: its container with the recording metadata, and in it each
// clip with its key object and signed manifest, the bookmarks (markers and categories, when the
// store has StoreBookmarks) and the GNSS track (when it has StoreGNSSTrackRecording). Pure: the
// upload sends what this plans. docs/offload.md lists every name and metadata key.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Bwi;

/// <param name="TimeZone">IANA name of the camera's configured time zone (TimeZone metadata).</param>
/// <param name="WantEncryption">The store wants content encrypted: a track that is not is withheld.</param>
public sealed record LayoutOptions(string ContainerType, string TimeZone, string DeviceModel, bool WantEncryption);

public static class BwiRecordingLayout
{
    public static RecordingLayout Plan(OffloadRecording recording, StoreCapabilities capabilities, LayoutOptions options)
    {
        var container = BwiNames.RecordingContainer(recording.OfficerId, recording.DeviceSerial, recording.TriggerOn.Utc);
        var objects = new List<StoreObjectPlan>();
        var notes = new List<string>();

        foreach (var clip in recording.Clips)
        {
            var clipBase = BwiNames.ClipBase(clip.Start, recording.RecordingId, clip.Index);
            var times = new List<KeyValuePair<string, string>>
            {
                new("StartTime", BwiMetadata.EpochSeconds(clip.Start)),
                new("StartTimeISO", BwiMetadata.Iso(clip.Start)),
                new("StopTime", BwiMetadata.EpochSeconds(clip.Stop)),
                new("StopTimeISO", BwiMetadata.Iso(clip.Stop)),
                new("ContainerType", options.ContainerType),
            };
            AddLocation(times, "StartLocation", clip.StartLocation);
            AddLocation(times, "StopLocation", clip.StopLocation);
            objects.Add(FromFile(BwiNames.Clip(clipBase, options.ContainerType), StoreObjectKind.Clip, clip.Index, clip.Media, "video/" + options.ContainerType, times));

            if (clip.Key is { } key)
            {
                objects.Add(FromFile(BwiNames.Key(clipBase), StoreObjectKind.Key, clip.Index, key, "application/json",
                    [new("StartTime", BwiMetadata.EpochSeconds(clip.Start)), new("FileType", "key")]));
            }

            if (clip.Manifest is { } manifest)
            {
                objects.Add(FromFile(BwiNames.Manifest(clipBase, manifest.Path), StoreObjectKind.Manifest, clip.Index, manifest,
                    manifest.Path.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/jose",
                    [new("StartTime", BwiMetadata.EpochSeconds(clip.Start)), new("FileType", "manifest")]));
            }

            if (clip.ManifestSignature is { } signature)
            {
                objects.Add(FromFile(BwiNames.Manifest(clipBase, signature.Path), StoreObjectKind.Manifest, clip.Index, signature, "application/jose",
                    [new("StartTime", BwiMetadata.EpochSeconds(clip.Start)), new("FileType", "manifest")]));
            }
        }

        if (recording.CategoryRecord is { } categoryRecord)
        {
            // The signed record of who set the categories, beside the clips as the manifests are.
            objects.Add(FromFile(BwiNames.CategoryRecord(recording.Start, recording.RecordingId), StoreObjectKind.CategoryRecord, 0, categoryRecord, "application/jose+json",
                [new("StartTime", BwiMetadata.EpochSeconds(recording.Start)), new("FileType", "categories")]));
        }

        AddBookmarks(recording, capabilities, objects, notes);
        AddTrack(recording, capabilities, options, objects, notes);
        return new RecordingLayout(container, ContainerMetadata(recording, container, options), objects, notes);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ContainerMetadata(OffloadRecording recording, string container, LayoutOptions options)
    {
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("ContainerName", container),
            new("BWCSerialNumber", recording.DeviceSerial),
            // The camera offloads by itself: it is its own system controller.
            new("SCUSerialNumber", recording.DeviceSerial),
            new("FirmwareVersion", recording.FirmwareVersion),
            new("UserID", recording.OfficerId),
            new("TriggerOn", recording.TriggerOn.Reason),
            new("TriggerOnTime", BwiMetadata.EpochSeconds(recording.TriggerOn.Utc)),
            new("TriggerOnTimeISO", BwiMetadata.Iso(recording.TriggerOn.Utc)),
        };
        AddLocation(metadata, "TriggerOnLocation", recording.TriggerOn.Location);
        if (recording.TriggerOff is { } off)
        {
            metadata.Add(new("TriggerOff", off.Reason));
            metadata.Add(new("TriggerOffTime", BwiMetadata.EpochSeconds(off.Utc)));
            metadata.Add(new("TriggerOffTimeISO", BwiMetadata.Iso(off.Utc)));
            AddLocation(metadata, "TriggerOffLocation", off.Location);
        }

        metadata.Add(new("StartTime", BwiMetadata.EpochSeconds(recording.Start)));
        metadata.Add(new("StartTimeISO", BwiMetadata.Iso(recording.Start)));
        metadata.Add(new("StopTime", BwiMetadata.EpochSeconds(recording.Stop)));
        metadata.Add(new("StopTimeISO", BwiMetadata.Iso(recording.Stop)));
        metadata.Add(new("TimeZone", options.TimeZone));
        metadata.Add(new("BWCModel", options.DeviceModel));
        if (recording.Categories.Count > 0)
        {
            // Beyond the BWI keys, so the categories show without reading the bookmarks (and on a
            // store without StoreBookmarks): the IDs, ';'-separated, and whether that is evidence.
            metadata.Add(new("Categories", string.Join(';', recording.Categories.Select(category => category.Id))));
            metadata.Add(new("Evidence", recording.IsEvidence ? "true" : "false"));
        }

        return metadata;
    }

    private static void AddBookmarks(OffloadRecording recording, StoreCapabilities capabilities, List<StoreObjectPlan> objects, List<string> notes)
    {
        if (recording.Markers.Count + recording.Categories.Count == 0)
        {
            return;
        }

        if (!capabilities.StoreBookmarks)
        {
            notes.Add($"{recording.Markers.Count} marker(s) and {recording.Categories.Count} categor(ies) not sent as bookmarks: the store has no StoreBookmarks capability (they stay in the manifests)");
            return;
        }

        var number = 0;
        foreach (var marker in recording.Markers.OrderBy(marker => marker.Utc))
        {
            // A marker is a bookmark with an empty description: its time, and where it came from.
            objects.Add(FromBytes(BwiNames.Bookmark(marker.Utc, ++number), StoreObjectKind.Bookmark, [], "text/plain; charset=utf-8",
                [new("StartTime", BwiMetadata.Iso(marker.Utc)), new("Tags", "Source:" + marker.Reason)]));
        }

        foreach (var category in recording.Categories)
        {
            objects.Add(FromBytes(BwiNames.Bookmark(recording.Start, ++number), StoreObjectKind.Bookmark, [], "text/plain; charset=utf-8",
                [new("CategoryID", category.Id), new("CategoryName", category.Name), new("StartTime", BwiMetadata.Iso(recording.Start))]));
        }
    }

    private static void AddTrack(OffloadRecording recording, StoreCapabilities capabilities, LayoutOptions options, List<StoreObjectPlan> objects, List<string> notes)
    {
        if (recording.Track is not { } track || (track.Points.Count == 0 && (track.Encrypted ?? []).Count == 0))
        {
            return;
        }

        if (!capabilities.StoreGnssTrackRecording)
        {
            notes.Add("GNSS track not sent: the store has no StoreGNSSTrackRecording capability (it stays on the camera's side: in the manifests, or encrypted beside the clips)");
            return;
        }

        KeyValuePair<string, string>[] fileType = [new("FileType", "json")];
        if (track.Encrypted is { Count: > 0 } encrypted)
        {
            // One object per clip, named by the clip's start, as the recorder encrypted it.
            foreach (var part in encrypted)
            {
                var partName = BwiNames.GnssTrack(part.Start, recording.RecordingId, recording.DeviceSerial);
                objects.Add(FromFile(partName, StoreObjectKind.GnssTrack, 0, part.File, "application/octet-stream", fileType));
                objects.Add(FromFile(BwiNames.GnssTrackKey(partName), StoreObjectKind.GnssTrackKey, 0, part.Key, "application/json",
                    [new("StartTime", BwiMetadata.EpochSeconds(part.Start)), new("FileType", "key")]));
            }
        }
        else if (options.WantEncryption)
        {
            notes.Add("GNSS track withheld: the store wants encryption and this track was recorded unencrypted (it stays in the manifests)");
        }
        else
        {
            var name = BwiNames.GnssTrack(recording.Start, recording.RecordingId, recording.DeviceSerial);
            objects.Add(FromBytes(name, StoreObjectKind.GnssTrack, GnssTrackJson.Write(track.Points, recording.Start), "application/json", fileType));
        }
    }

    private static void AddLocation(List<KeyValuePair<string, string>> metadata, string key, OffloadLocation? location)
    {
        if (location is not null)
        {
            metadata.Add(new(key, BwiMetadata.Location(location.Latitude, location.Longitude, location.AccuracyMeters, location.FixUtc)));
        }
    }

    private static StoreObjectPlan FromFile(string name, StoreObjectKind kind, int clipIndex, OffloadFile file, string contentType, IReadOnlyList<KeyValuePair<string, string>> metadata) =>
        new(name, kind, clipIndex, file.Path, null, file.SizeBytes, file.Md5, contentType, metadata);

    private static StoreObjectPlan FromBytes(string name, StoreObjectKind kind, byte[] bytes, string contentType, IReadOnlyList<KeyValuePair<string, string>> metadata) =>
        new(name, kind, 0, null, bytes, bytes.Length, Convert.ToHexStringLower(MD5.HashData(bytes)), contentType, metadata);
}
