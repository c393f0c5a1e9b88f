namespace BodyCamDevice.Firmware.Capture;

// Limits of the pre-record buffer. Duration is the product setting (0 to 10 minutes); the byte and
// frame capacities are safety nets sized for the device's memory, never derived from a bitrate.
public sealed record PreRecordBufferOptions
{
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromMinutes(10);

    // How much footage before the trigger a recording starts with, measured on frame timestamps.
    // The recording starts at a keyframe at or before this point, so it gets up to one GOP more.
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    // Size of the byte arena, allocated once when the buffer is created. 64 MiB holds 30 s of
    // video up to about 17 Mbit/s; raise it with Duration (10 minutes at 8 Mbit/s needs ~600 MB).
    public int ByteCapacity { get; init; } = 64 * 1024 * 1024;

    // Entries in the frame index (56 bytes each with the keyframe ring, allocated up front, 3.7 MB
    // by default): 65,536 hold 10 minutes of 60 fps video plus 48 kHz AAC (~107 frames/s).
    public int FrameCapacity { get; init; } = 65_536;

    // A decode-timestamp step within one stream larger than this (or any step backwards) is an
    // encoder restart, not a pause.
    public TimeSpan MaximumTimestampStep { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (Duration < TimeSpan.Zero || Duration > MaximumDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "must be within 0 to 10 minutes");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ByteCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ByteCapacity, Array.MaxLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(FrameCapacity, 2);
        if (MaximumTimestampStep <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaximumTimestampStep), MaximumTimestampStep, "must be positive");
        }
    }
}
