// A recordings volume whose free space a person or a rig sets (the emulator's storage field, POST
// /api/storage, a scenario's storage step), handed to the capture pipeline in place of the real
// disk's figures: the recording writer measures it, so near-full, full and the clean close of a
// clip on a full disk are the pipeline's own. The clips still go to a real directory. Thread-safe.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public sealed class VirtualStorage : IStorageSpace
{
    /// <summary>The virtual volume's size: 64 GB, a typical body-camera card.</summary>
    public const long TotalMegabytes = 64_000;

    private long _freeBytes = 32_000L * 1_000_000;

    public long FreeBytes
    {
        get => Interlocked.Read(ref _freeBytes);
        set => Interlocked.Exchange(ref _freeBytes, Math.Max(0, value));
    }

    public StorageSpace Measure(string directory) => new(FreeBytes, TotalMegabytes * 1_000_000);
}
