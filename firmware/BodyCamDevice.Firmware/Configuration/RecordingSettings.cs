// Where and how recordings are kept on the device: the pre-record window, its memory cap, clip
// length and the storage thresholds. Validated with the rest of DeviceOptions.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class RecordingSettings
{
    /// <summary>Clips and manifests go here; created when missing.</summary>
    public string Directory { get; set; } = "/var/lib/bodycam/recordings";

    /// <summary>Seconds kept before the trigger, measured from frame timestamps (0–600 s).</summary>
    public TimeSpan PreRecord { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Hard memory cap of the pre-record buffer, in bytes: a safety net, not its size in time.</summary>
    public int BufferBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>Long recordings are split into clips of this length, at a keyframe, without losing a frame.</summary>
    public TimeSpan ClipLength { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Below this fraction of the volume free, the storage alarm sounds.</summary>
    public double NearFullFraction { get; set; } = 0.10;

    /// <summary>Free space kept untouched (MiB): reaching it closes the clip cleanly.</summary>
    public int ReserveMegabytes { get; set; } = 256;
}
