// A recording's clips as the recorder left them (each clip, its manifest, its MD5) into the
// OffloadRecording the offload consumes. Times come from the manifests, never from file dates;
// locations from the GNSS fields ("no fix" samples are left out, never filled in). The MD5 is the
// one taken while the clip was written (Md5Stage); the manifest and key files are small and are
// hashed here. The categories are the ones set on the camera for this recording.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Offload.Recordings;

/// <param name="Md5">MD5 of the clip as stored, lower-case hex.</param>
/// <param name="ManifestPath">The clip's (signed) manifest file, sent beside the clip.</param>
/// <param name="KeyPath">The clip's key object when it was recorded encrypted.</param>
/// <param name="SignaturePath">The manifest's JWS when one was written beside it.</param>
public sealed record RecordedClip(string ClipPath, ClipManifest Manifest, string Md5, string? ManifestPath = null, string? KeyPath = null, string? SignaturePath = null);

public static class ManifestOffloadMapping
{
    /// <summary>
    /// HDOP times this is the estimated horizontal error in metres (a typical receiver's range
    /// error); the store's location format wants metres, the receiver gives only HDOP.
    /// </summary>
    public const double MetresPerHdop = 5.0;

    /// <param name="clips">Every clip of one recording, any order.</param>
    public static OffloadRecording Map(IReadOnlyList<RecordedClip> clips, IReadOnlyList<StoreCategory>? categories = null)
    {
        if (clips.Count == 0)
        {
            throw new ArgumentException("a recording has at least one clip", nameof(clips));
        }

        var ordered = clips.OrderBy(clip => clip.Manifest.ClipIndex).ToList();
        var first = ordered[0].Manifest;
        var last = ordered[^1].Manifest;
        if (ordered.Any(clip => clip.Manifest.RecordingId != first.RecordingId))
        {
            throw new ArgumentException("clips of more than one recording", nameof(clips));
        }

        var final = ordered.Select(clip => clip.Manifest).FirstOrDefault(manifest => manifest.FinalClip && manifest.TriggerOff is not null);
        return new OffloadRecording
        {
            RecordingId = first.RecordingId,
            DeviceSerial = first.Device.Serial,
            OfficerId = first.OfficerId,
            FirmwareVersion = first.Device.FirmwareVersion,
            TriggerOn = new OffloadMoment(first.TriggerOn.Reason, Time(first.TriggerOn.EpochMs), Location(first.LocationAtTriggerOn)),
            TriggerOff = final?.TriggerOff is { } off ? new OffloadMoment(off.Reason, Time(off.EpochMs), Location(final.LocationAtTriggerOff)) : null,
            Start = Time(first.Clip.StartEpochMs),
            Stop = Time(last.Clip.StopEpochMs),
            Clips = ordered.Select(Clip).ToList(),
            Markers = ordered.SelectMany(clip => clip.Manifest.Markers)
                .DistinctBy(marker => (marker.EpochMs, marker.Reason))
                .Select(marker => new OffloadMarker(marker.Reason, Time(marker.EpochMs)))
                .ToList(),
            Categories = categories ?? [],
            Track = new OffloadTrack(ordered.SelectMany(clip => Fixes(clip.Manifest)).ToList(), EncryptedTracks(ordered)),
        };
    }

    private static OffloadClip Clip(RecordedClip clip)
    {
        var manifest = clip.Manifest;
        var fixes = Fixes(manifest).ToList();
        var start = manifest.ClipIndex == 1 ? Location(manifest.LocationAtTriggerOn) : null;
        var stop = manifest.FinalClip ? Location(manifest.LocationAtTriggerOff) : null;
        return new OffloadClip(
            manifest.ClipIndex,
            Time(manifest.Clip.StartEpochMs),
            Time(manifest.Clip.StopEpochMs),
            new OffloadFile(clip.ClipPath, manifest.File.SizeBytes, clip.Md5),
            clip.KeyPath is { } key ? OffloadFiles.Describe(key) : null,
            clip.ManifestPath is { } path ? OffloadFiles.Describe(path) : null,
            start ?? First(fixes),
            stop ?? Last(fixes),
            clip.SignaturePath is { } signature ? OffloadFiles.Describe(signature) : null);

        static OffloadLocation? First(List<OffloadTrackPoint> points) => points.Count == 0 ? null : new(points[0].Latitude, points[0].Longitude, null, points[0].Utc);

        static OffloadLocation? Last(List<OffloadTrackPoint> points) => points.Count == 0 ? null : new(points[^1].Latitude, points[^1].Longitude, null, points[^1].Utc);
    }

    // The clips' locations a camera that encrypts wrote beside them (EncryptedTrackFile); their
    // hashes were checked when the manifest was sealed, their MD5s are taken here.
    private static List<OffloadEncryptedTrack> EncryptedTracks(List<RecordedClip> clips) =>
        [.. clips.Where(clip => clip.Manifest.EncryptedTrack is not null).Select(clip =>
        {
            string directory = Path.GetDirectoryName(Path.GetFullPath(clip.ClipPath))!;
            var track = clip.Manifest.EncryptedTrack!;
            return new OffloadEncryptedTrack(Time(clip.Manifest.Clip.StartEpochMs),
                OffloadFiles.Describe(Path.Combine(directory, track.Name)), OffloadFiles.Describe(Path.Combine(directory, track.KeyObject)));
        })];

    private static IEnumerable<OffloadTrackPoint> Fixes(ClipManifest manifest) =>
        (manifest.Track?.Points ?? [])
            .Where(point => point is { Fix: true, Latitude: not null, Longitude: not null })
            .Select(point => new OffloadTrackPoint(DateTimeOffset.Parse(point.SampledUtc, System.Globalization.CultureInfo.InvariantCulture), point.Latitude!.Value, point.Longitude!.Value));

    private static OffloadLocation? Location(ManifestLocation? location) =>
        location is { Fix: true, Latitude: { } latitude, Longitude: { } longitude }
            ? new OffloadLocation(latitude, longitude, location.Hdop * MetresPerHdop,
                DateTimeOffset.Parse(location.FixUtc ?? location.SampledUtc, System.Globalization.CultureInfo.InvariantCulture))
            : null;

    private static DateTimeOffset Time(long epochMs) => DateTimeOffset.FromUnixTimeMilliseconds(epochMs);
}
