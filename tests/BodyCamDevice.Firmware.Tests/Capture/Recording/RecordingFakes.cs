// Hand-written fakes of the recording writer's outside world: a volume whose free space the test
// sets, and an observer that keeps what it was told.
using System.Collections.Concurrent;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

internal sealed class FakeStorageSpace : IStorageSpace
{
    public const long Gigabyte = 1024L * 1024 * 1024;

    private long _freeBytes = 50 * Gigabyte;

    public long TotalBytes { get; init; } = 100 * Gigabyte;

    public long FreeBytes
    {
        get => Interlocked.Read(ref _freeBytes);
        set => Interlocked.Exchange(ref _freeBytes, value);
    }

    public StorageSpace Measure(string directory) => new(FreeBytes, TotalBytes);
}

internal sealed class ObserverLog : IRecordingObserver
{
    public ConcurrentQueue<StorageLevel> StorageLevels { get; } = new();

    public ConcurrentQueue<(int Clip, DurableProgress Progress)> DurableParts { get; } = new();

    public ConcurrentQueue<ClipManifest> Sealed { get; } = new();

    public RecordingResult? Result { get; private set; }

    public void Durable(string recordingId, int clipIndex, DurableProgress progress) => DurableParts.Enqueue((clipIndex, progress));

    public void ClipSealed(ClipManifest manifest) => Sealed.Enqueue(manifest);

    public void StorageChanged(StorageLevel level, StorageSpace space) => StorageLevels.Enqueue(level);

    public void Ended(RecordingResult result) => Result = result;
}
