// What the JSON manifest beside each clip says: everything a reviewer or a court needs to tie the
// file to a device, an officer, a trigger and a time, and to check that it is intact and complete
// (digest and size of the file, the frames it holds, every gap, the muxer's own messages).
// Serialised by ManifestJson; names are camelCase, times UTC as RFC 3339 with a Z and as Unix
// epoch milliseconds, media timestamps in 90 kHz ticks as the encoder wrote them.
// Format 2 adds the evidence fields (sequence, previous manifest, plaintext hash, encryption,
// interruption, the signing key's fingerprint); they are left out when not set, so an unsigned
// manifest reads as format 1 did. docs/evidence-format.md describes the signed form.
using System.Text.Json.Serialization;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed record ClipManifest
{
    public const int CurrentFormatVersion = 2;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    public required string RecordingId { get; init; }

    // 1-based; a recording longer than the clip length has several.
    public required int ClipIndex { get; init; }

    // The last clip of its recording: TriggerOff is set.
    public required bool FinalClip { get; init; }

    // Why the clip ended: Split (clip length reached, the recording goes on in the next clip),
    // CameraFault (the camera failed; the recording goes on in the next clip once it is back),
    // Stopped, StorageFull or Fault.
    public required string EndReason { get; init; }

    public required ManifestFile File { get; init; }

    public required ManifestDevice Device { get; init; }

    public required string OfficerId { get; init; }

    public required ManifestEvent TriggerOn { get; init; }

    public ManifestEvent? TriggerOff { get; init; }

    public required ManifestSpan Clip { get; init; }

    // Footage before the trigger that this clip holds, from frame timestamps (0 after clip 1).
    public required double PreRollSeconds { get; init; }

    // Whether audio before the trigger was kept (an agency setting; off by default).
    public required bool PreRollAudio { get; init; }

    public required ManifestFrames Frames { get; init; }

    public ManifestVideo? Video { get; init; }

    public ManifestAudio? Audio { get; init; }

    // How this clip's media timestamps map to UTC: a frame's time is Utc plus its distance from
    // Pts. The trigger's mapping, except in a clip after a camera restart, whose timestamps begin
    // again. Absent in manifests written before it existed.
    public ManifestTimeAnchor? TimeAnchor { get; init; }

    public required IReadOnlyList<ManifestEvent> Markers { get; init; }

    public required IReadOnlyList<ManifestGap> Gaps { get; init; }

    public required ManifestMuxer Muxer { get; init; }

    public required string ManifestWrittenUtc { get; init; }

    // Where the camera was, from the GNSS receiver: at the trigger (every clip of the recording
    // repeats it, as TriggerOn), at the stop (the final clip, when a person, a trigger or the API
    // stopped it; null when the pipeline ended it by itself: storage full, camera fault,
    // shutdown), and every Gnss.TrackInterval while this clip was written. All three are null on
    // a device without a receiver; with one, a moment without a position is recorded as such
    // ("fix": false and a note saying why), never left out or filled in.
    public ManifestLocation? LocationAtTriggerOn { get; init; }

    public ManifestLocation? LocationAtTriggerOff { get; init; }

    public ManifestTrack? Track { get; init; }

    // The device-wide number of this manifest: 1 for the device's first, one more for each after
    // it, across recordings, reboots and power cuts; never repeated, never skipped. Set when the
    // manifest is signed (ManifestSealer).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Sequence { get; init; }

    // Lower-case hex SHA-256 of the device's previous manifest file, byte for byte as stored
    // (Sequence - 1); null for the device's first. Deleting, swapping or reordering clips breaks it.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreviousManifestSha256 { get; init; }

    // How the clip is encrypted, when it is (the stored file is then ciphertext and File.Hash is
    // its hash; File.PlaintextHash is that of what it decrypts to).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestEncryption? Encryption { get; init; }

    // On a device that encrypts: the clip's locations (LocationAtTriggerOn, LocationAtTriggerOff,
    // Track, all null then) in an encrypted file beside the clip (EncryptedTrackFile); null when
    // there were none or the clip is stored in clear.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestEncryptedTrack? EncryptedTrack { get; init; }

    // Set when the clip was cut off (power cut, kill) and sealed at the next start.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ManifestInterruption? Interrupted { get; init; }

    // The device clock's last check against the evidence store's time (SNTP at the dock) before
    // this clip was sealed: how far off it was and whether it was set. Null (written as null) on
    // a device whose clock has never been checked. Absent in manifests written before it existed.
    public ManifestClockSync? Clock { get; init; }

    // Steps of the wall clock seen while this clip was written (set by hand, by a time service,
    // a bad time source): the clip's times stay on the timeline of its trigger, from frame
    // timestamps, so they and DurationSeconds are unaffected; this says that the clock moved and
    // by how much. Empty when it did not; null (written as null) for a clip sealed without a
    // writer's record (cut off before its first synced fragment); absent in older manifests.
    public IReadOnlyList<ManifestClockStep>? ClockSteps { get; init; }
}

// One check of the device clock against a time server. Utc/EpochMs: the server's time at the
// check (the device's time then plus OffsetSeconds); Source: "sntp://host:port";
// OffsetSeconds: how far the device clock was behind the server (negative: ahead), DelaySeconds:
// the exchange's round trip (the offset's uncertainty is half of it); Stepped: the device set its
// clock from it (offset beyond 1 s, and allowed to); RtcSet: the real-time clock was set too
// (true), could not be (false), or was not to be set (null: no RTC fitted, or the clock not stepped).
public sealed record ManifestClockSync(
    string Utc, long EpochMs, string Source, double OffsetSeconds, double DelaySeconds, bool Stepped, bool? RtcSet);

// A step of the wall clock while the clip was written, seen by comparing it with the monotonic
// clock. AtSeconds: where in the clip (seconds after its first frame, by frame timestamps) the
// last frame the writer had read before it saw the step lies: the step came after that frame,
// within one turn of the writer (a poll interval while it keeps up with the camera). FromUtc:
// what the wall clock would have read when the step was seen, had it run on; ToUtc: what it
// read; StepSeconds = ToUtc - FromUtc (negative: back).
public sealed record ManifestClockStep(double AtSeconds, string FromUtc, string ToUtc, double StepSeconds);

// SizeBytes and Hash: the file as stored. PlaintextSizeBytes and PlaintextHash (SHA-256): what an
// encrypted file decrypts to; absent for a clip stored in clear. Md5: lower-case hex MD5 of the
// file as stored, taken while it was written (Md5Stage); the evidence store's checksum (the PUT's
// ETag), not a seal. Absent in manifests written before it.
public sealed record ManifestFile(string Name, long SizeBytes, string HashAlgorithm, string Hash, string Container)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Md5 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PlaintextSizeBytes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PlaintextHash { get; init; }
}

// KeyFingerprint: SHA-256 of the public key that signed the manifest (its JWS "kid").
public sealed record ManifestDevice(string Serial, string FirmwareVersion)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? KeyFingerprint { get; init; }
}

// The Axis Body Worn Integration scheme: a random AES-256 key and IV per file, the content
// AES-256-CBC with PKCS#7 padding, the key wrapped RSA-OAEP (SHA-1) to the destination's public
// key in the JSON key object KeyObject beside the clip, whose SHA-256 is KeyObjectSha256. With
// FragmentsBlockAligned every fragment ends on a 16-byte boundary of the plaintext (an MP4 free
// box pads it), so each synced fragment of a torn file decrypts whole.
public sealed record ManifestEncryption(
    string Scheme, string ContentCipher, string KeyWrap, string PublicKeyId, string KeyObject, string KeyObjectSha256, bool FragmentsBlockAligned);

// The encrypted locations file: its name, size and SHA-256 as stored, the SHA-256 of what it
// decrypts to, and its key object (same scheme as the clip's, ManifestEncryption) with its SHA-256.
public sealed record ManifestEncryptedTrack(
    string Name, long SizeBytes, string Sha256, string PlaintextSha256, string KeyObject, string KeyObjectSha256);

// A clip cut off before it was sealed, and sealed at the next start. BytesHeld: the file's size
// then (nothing was truncated); WholeBytes: the prefix made of whole parts (the init segment and
// whole fragments for a clip in clear; whole 16-byte cipher blocks for an encrypted one);
// Fragments: whole fragments found (null when encrypted: the device cannot read its own footage
// back). DescribedBytes: how much of the file the frame counts, times and markers describe (the
// writer's record at its last synced fragment), or null when there was none and they come from
// the file name alone. Note says what was and was not checked.
public sealed record ManifestInterruption(
    string RecoveredUtc, long RecoveredEpochMs, long BytesHeld, long WholeBytes, int? Fragments, long? DescribedBytes, string Note);

// A moment with what caused it: a trigger (TriggerSource or StopReason name) or a marker source.
public sealed record ManifestEvent(string Reason, long EpochMs, string Utc);

public sealed record ManifestSpan(string StartUtc, long StartEpochMs, string StopUtc, long StopEpochMs, double DurationSeconds);

// Sequence numbers are the pre-record buffer's: FirstSequence..LastSequence is the run of frames
// read for this clip, and the next clip starts at LastSequence + 1. Frames of it that are not in
// the file are counted: pre-roll audio left out by policy, and frames lost in a gap. TriggerPts
// is the media time of the trigger: a frame's UTC time is TriggerOn plus its distance from it.
public sealed record ManifestFrames(
    long FirstSequence,
    long LastSequence,
    long VideoFrames,
    long AudioUnits,
    long PreRollAudioUnitsExcluded,
    long AudioUnitsWithoutAudioTrack,
    long LostFrames,
    long TriggerPts,
    long FirstVideoPts,
    long LastVideoPts,
    IReadOnlyList<long> TimestampDiscontinuities);

// Profile, level and size from the SPS; the frame rate measured from the frame timestamps.
public sealed record ManifestVideo(string Codec, string Profile, string Level, int Width, int Height, double FrameRate);

public sealed record ManifestAudio(string Codec, string Profile, int SampleRate, int Channels);

// Frames FromSequence..ToSequence never reached the clip. The time span runs from the frame
// written before the gap to the frame written after it. Cause: FramesLost (the writer fell
// behind the buffer) or CameraRestart (the camera failed; FromUtc is the stop time of the clip
// before, ToUtc the first frame of this one, and the frames counted are the ones the restarted
// camera sent before its first keyframe). Manifests written before Cause existed lack it.
public sealed record ManifestGap(long FromSequence, long ToSequence, long FrameCount, string FromUtc, string ToUtc, double DurationSeconds)
{
    public const string FramesLost = "FramesLost";
    public const string CameraRestart = "CameraRestart";

    public string? Cause { get; init; }

    public static ManifestGap Of(long fromSequence, long toSequence, long frameCount, DateTimeOffset from, DateTimeOffset to, string cause) =>
        new(fromSequence, toSequence, frameCount, ManifestJson.Utc(from), ManifestJson.Utc(to), Math.Round((to - from).TotalSeconds, 3)) { Cause = cause };
}

public sealed record ManifestTimeAnchor(long Pts, string Utc, long EpochMs);

// Program: what wrote the MP4 ("bodycam", the firmware's own muxer); Messages: what it had to
// say about the clip (units it could not read and left out).
public sealed record ManifestMuxer(string Program, IReadOnlyList<string> Messages);

// One location sample. Fix: whether the receiver had a position; Quality: the NMEA fix quality
// by name (NoFix, Fix, DifferentialFix, …); degrees WGS 84, north and east positive; altitude in
// metres above mean sea level; FixUtc: the receiver's time of the fix; SampledUtc: the device
// clock's time of the sample; AgeSeconds: how old the fix was then; Note: why there is no fix.
public sealed record ManifestLocation(
    bool Fix,
    string? Quality,
    double? Latitude,
    double? Longitude,
    double? AltitudeMeters,
    int? Satellites,
    double? Hdop,
    string? FixUtc,
    string SampledUtc,
    double? AgeSeconds,
    string? Note);

// The track points of one clip, oldest first; DroppedPoints were sampled after the clip held
// RecordingOptions.MaxTrackPointsPerClip of them.
public sealed record ManifestTrack(IReadOnlyList<ManifestLocation> Points, int DroppedPoints);
