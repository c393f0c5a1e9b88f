// One sealed recording as the offload needs it: its files (each with the MD5 of the bytes on
// storage, computed while they were written) and what the evidence store's metadata says about it.
// The device maps its manifests into this (ManifestOffloadMapping); nothing here reads a file.
namespace BodyCamDevice.Firmware.Offload.Recordings;

public sealed record OffloadRecording
{
    /// <summary>The device's recording ID, e.g. BC-000123_20260301T090000Z_0001 (RecordingNames).</summary>
    public required string RecordingId { get; init; }

    public required string DeviceSerial { get; init; }

    public required string OfficerId { get; init; }

    public required string FirmwareVersion { get; init; }

    public required OffloadMoment TriggerOn { get; init; }

    /// <summary>Null when the recording ended without a stop (storage full, fault, power).</summary>
    public OffloadMoment? TriggerOff { get; init; }

    /// <summary>The first frame's time, pre-roll included.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The last clip's end.</summary>
    public required DateTimeOffset Stop { get; init; }

    /// <summary>In clip order, at least one.</summary>
    public required IReadOnlyList<OffloadClip> Clips { get; init; }

    public IReadOnlyList<OffloadMarker> Markers { get; init; } = [];

    /// <summary>Categories set on the camera (category gesture, control API), from its category record.</summary>
    public IReadOnlyList<StoreCategory> Categories { get; init; } = [];

    /// <summary>The signed category record kept beside the clips (CategoryRecordFile), sent as an object too; null when none was set.</summary>
    public OffloadFile? CategoryRecord { get; init; }

    public OffloadTrack? Track { get; init; }

    /// <summary>Evidence: no expiry in the store, and offloaded before the others.</summary>
    public bool IsEvidence => Categories.Any(category => category.Evidence);

    /// <summary>Every local file the offload sends (clips, keys, manifests and their JWS, an encrypted track and its key).</summary>
    public IEnumerable<OffloadFile> Files =>
        Clips.SelectMany(clip => new[] { clip.Media, clip.Key, clip.Manifest, clip.ManifestSignature })
            .Concat((Track?.Encrypted ?? []).SelectMany(part => new[] { part.File, part.Key }))
            .Append(CategoryRecord)
            .OfType<OffloadFile>();
}

/// <summary>A trigger or a stop: why, when (UTC), and where when the GNSS receiver had a fix.</summary>
public sealed record OffloadMoment(string Reason, DateTimeOffset Utc, OffloadLocation? Location = null);

/// <param name="AccuracyMeters">Estimated horizontal error; null when the receiver gave none.</param>
/// <param name="FixUtc">The receiver's time of the fix.</param>
public sealed record OffloadLocation(double Latitude, double Longitude, double? AccuracyMeters, DateTimeOffset FixUtc);

/// <param name="Index">1-based, as in the clip's file name.</param>
/// <param name="Key">The clip's key object (encrypted clips), written beside it by the recorder.</param>
/// <param name="Manifest">The clip's signed manifest, sent as an object beside the clip.</param>
/// <param name="ManifestSignature">The manifest's JWS when the recorder wrote one beside it, sent as an object too.</param>
public sealed record OffloadClip(
    int Index,
    DateTimeOffset Start,
    DateTimeOffset Stop,
    OffloadFile Media,
    OffloadFile? Key = null,
    OffloadFile? Manifest = null,
    OffloadLocation? StartLocation = null,
    OffloadLocation? StopLocation = null,
    OffloadFile? ManifestSignature = null);

/// <param name="Md5">Lower-case hex MD5 of the file's bytes, as the store's ETag will be.</param>
public sealed record OffloadFile(string Path, long SizeBytes, string Md5);

/// <param name="Reason">What made the marker: a button, the control API.</param>
public sealed record OffloadMarker(string Reason, DateTimeOffset Utc);

public sealed record OffloadTrackPoint(DateTimeOffset Utc, double Latitude, double Longitude);

/// <summary>
/// The recording's GNSS track: the points (sent as the store's JSON track when the store does not
/// want encryption), or, from a camera that encrypts, each clip's track as the recorder encrypted
/// it, with its key object (Encrypted, oldest first).
/// </summary>
public sealed record OffloadTrack(IReadOnlyList<OffloadTrackPoint> Points, IReadOnlyList<OffloadEncryptedTrack>? Encrypted = null);

/// <param name="Start">The clip's start: names the track object.</param>
public sealed record OffloadEncryptedTrack(DateTimeOffset Start, OffloadFile File, OffloadFile Key);

/// <summary>A category from the store's System/Categories.json.</summary>
/// <param name="Evidence">A recording carrying it is evidence: no expiry, offloaded first (the entry's "Evidence", true when absent).</param>
public sealed record StoreCategory(string Id, string Name, bool Evidence = true);
