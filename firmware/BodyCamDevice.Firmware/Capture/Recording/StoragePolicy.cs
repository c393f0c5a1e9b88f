// When storage is too full to record. Pure logic on a measured StorageSpace; the measurement
// comes from an IStorageSpace (DriveInfoStorageSpace on the device, a fake in tests).
// Near full sounds the storage alarm but keeps recording; full (at or below the reserve) closes
// the clip cleanly, as a recording that ran out of room must still play and be sealed. Nothing
// here, or anywhere in the writer, deletes a recording to make room: only a confirmed offload
// may free space, and that is not the writer's business.
namespace BodyCamDevice.Firmware.Capture.Recording;

public enum StorageLevel
{
    Ok,
    NearFull,
    Full,
}

public readonly record struct StorageSpace(long FreeBytes, long TotalBytes);

public sealed record StorageOptions
{
    // Near full below this share of the volume, or below NearFullBytes, whichever is larger.
    public double NearFullFraction { get; init; } = 0.10;

    public long NearFullBytes { get; init; }

    // Full at or below this much free space: what is left is for sealing the clip, writing its
    // manifest and the audit log.
    public long ReserveBytes { get; init; } = 256L * 1024 * 1024;

    // How often free space is measured while recording.
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(NearFullFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NearFullFraction, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(NearFullBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(ReserveBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckInterval, TimeSpan.Zero);
    }
}

public static class StoragePolicy
{
    public static StorageLevel Evaluate(StorageSpace space, StorageOptions options)
    {
        if (space.FreeBytes <= options.ReserveBytes)
        {
            return StorageLevel.Full;
        }

        double nearFull = Math.Max(options.NearFullFraction * space.TotalBytes, options.NearFullBytes);
        return space.FreeBytes < nearFull ? StorageLevel.NearFull : StorageLevel.Ok;
    }
}

public interface IStorageSpace
{
    // Free and total bytes of the volume holding directory. Called from the writer's task.
    StorageSpace Measure(string directory);
}

// The device's storage as the operating system reports it. AvailableFreeSpace is what this
// process may use (root-reserved blocks excluded).
public sealed class DriveInfoStorageSpace : IStorageSpace
{
    public StorageSpace Measure(string directory)
    {
        var drive = new DriveInfo(Path.GetFullPath(directory));
        return new StorageSpace(drive.AvailableFreeSpace, drive.TotalSize);
    }
}
