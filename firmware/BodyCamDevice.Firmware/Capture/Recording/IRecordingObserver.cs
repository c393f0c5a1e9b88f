// What the recording writer reports while it works. Every member has an empty default, so an
// observer implements only what it needs. Calls come from the writer's own threads (noted per
// member), never from the caller's, and must return quickly: post to the device loop.
namespace BodyCamDevice.Firmware.Capture.Recording;

public interface IRecordingObserver
{
    // Part of a clip reached storage (init segment with the first fragment, then each fragment,
    // ~1 s apart). The first call of a recording is the moment it has really started. Writer task.
    void Durable(string recordingId, int clipIndex, DurableProgress progress)
    {
    }

    // A clip is closed, synced and its manifest written. Writer task.
    void ClipSealed(ClipManifest manifest)
    {
    }

    // Free space crossed a threshold (also reported once at the start when not Ok). Writer task.
    void StorageChanged(StorageLevel level, StorageSpace space)
    {
    }

    // The recording is over: stopped, out of storage, or failed. Writer task.
    void Ended(RecordingResult result)
    {
    }

    // The writer has caught up and waits for its next poll (RecordingSession.IsIdle says whether
    // anything waits for it). For whoever moves virtual time; a device has no use for it. Writer task.
    void Waiting()
    {
    }
}

public enum RecordingOutcome
{
    Stopped,
    StorageFull,
    Faulted,
}

// Clips holds the manifest of every clip sealed, in order; Fault is set for Faulted. RecordingId
// is null only when the recording failed before it could be named (its directory unusable).
public sealed record RecordingResult(string? RecordingId, RecordingOutcome Outcome, IReadOnlyList<ClipManifest> Clips, Exception? Fault);

internal sealed class NullRecordingObserver : IRecordingObserver
{
    public static readonly NullRecordingObserver Instance = new();
}
