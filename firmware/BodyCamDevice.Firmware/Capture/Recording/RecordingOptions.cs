// Settings of the recording writer: where clips go, who made them, how long a clip runs, and the
// pre-roll audio policy. Durations are TimeSpans; sizes are bytes.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed record RecordingOptions
{
    // Clips and manifests are written here, flat, one pair per clip.
    public required string Directory { get; init; }

    // Goes into every file name and manifest; see IdentityRules.
    public required string DeviceSerial { get; init; }

    public required string FirmwareVersion { get; init; }

    public string OfficerId { get; init; } = "UNASSIGNED";

    // A recording is split into clips of at least this length, at the first keyframe after it.
    public TimeSpan ClipLength { get; init; } = TimeSpan.FromMinutes(30);

    // Keep the audio recorded before the trigger. Off by default, as on most body cameras:
    // the pre-roll is video only and audio starts at the trigger.
    public bool PreRollAudio { get; init; }

    // How often the writer looks for new frames once it has caught up with the camera.
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    // How long a clip may wait for its first audio unit before it is started without audio.
    public TimeSpan FirstAudioWait { get; init; } = TimeSpan.FromSeconds(1);

    // A fragment (and so a sync to storage) at least this often, besides every keyframe.
    public TimeSpan FragmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    public StorageOptions Storage { get; init; } = new();

    // GNSS track points kept per clip (Gnss.MaxTrackPointsPerClip); more are counted as dropped.
    public int MaxTrackPointsPerClip { get; init; } = 720;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Directory);
        RecordingNames.ValidateSerial(DeviceSerial);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ClipLength, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(FirstAudioWait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FragmentDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrackPointsPerClip, 1);
        Storage.Validate();
    }
}
