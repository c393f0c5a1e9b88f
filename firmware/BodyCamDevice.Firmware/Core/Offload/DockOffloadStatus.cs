// What the docked camera's offload is doing, as the controller shows it: on the lights, in the
// status the control API serves and in the audit log. Made by the offload adapter (off the loop)
// and handed to the controller, which keeps the latest; immutable, safe to read from any thread.
namespace BodyCamDevice.Firmware.Core.Offload;

public enum DockOffloadPhase
{
    /// <summary>Not docked, or docked on a device without an evidence store.</summary>
    Idle,

    /// <summary>Docked: recordings are going to the store.</summary>
    Uploading,

    /// <summary>Docked: every recording was tried; each is confirmed (its local files freed) or not transferred.</summary>
    Done,

    /// <summary>Docked: the offload stopped before it was done (Reason says why); retried at the next dock.</summary>
    Failing,
}

/// <param name="Name">The object's name in the store (a clip, its manifest, its key).</param>
/// <param name="SentBytes">Bytes of the body sent so far; equals TotalBytes once the store holds it.</param>
public sealed record ObjectUploadProgress(string RecordingId, string Name, long SentBytes, long TotalBytes, bool Stored);

/// <param name="Reason">Why it is failing (Failing), or a note on the outcome; null otherwise.</param>
/// <param name="RecordingsTotal">Recordings found to offload at this dock.</param>
/// <param name="RecordingsConfirmed">Of those, confirmed by the store (HEAD-checked) so far.</param>
/// <param name="NotTransferred">Recordings the store refused (400): kept on the camera, not retried.</param>
/// <param name="Objects">This dock's objects so far, in the order they were started.</param>
public sealed record DockOffloadStatus(
    DockOffloadPhase Phase,
    string? Reason,
    int RecordingsTotal,
    int RecordingsConfirmed,
    IReadOnlyList<string> NotTransferred,
    IReadOnlyList<ObjectUploadProgress> Objects)
{
    public static DockOffloadStatus Idle { get; } = new(DockOffloadPhase.Idle, null, 0, 0, [], []);
}

/// <summary>
/// The adapter that offloads the recordings while the camera is docked. The controller calls it on
/// the loop; it must return at once (the work runs on its own task) and reports back through
/// <see cref="DeviceController.ReportOffload"/> and <see cref="DeviceController.AuditOffload"/>
/// with the dock number it was started with.
/// </summary>
public interface IDockOffload
{
    /// <param name="dock">Counts the docks since power on; reports carry it so a late one from an earlier dock is ignored.</param>
    void Start(long dock);

    /// <summary>Undocked (or shutting down): cancel the offload; nothing confirmed is undone, nothing else deleted.</summary>
    void Stop();
}
