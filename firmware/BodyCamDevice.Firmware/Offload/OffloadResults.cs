// What an offload reports: for each recording whether the store confirmed it (and exactly what it
// holds, for the audit log and so the caller knows which local files it may now delete), left it
// "not transferred", or was interrupted (resumed at the next dock); and for the dock as a whole
// whether it finished or why it stopped.
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload;

public enum RecordingOffloadOutcome
{
    /// <summary>Every object is in the store, checked by HEAD (size and MD5) after Complete: the local files may go.</summary>
    Confirmed,

    /// <summary>The store rejected it (400): kept on the camera, shown as not transferred, not retried.</summary>
    NotTransferred,

    /// <summary>Not finished this dock; resumed at the next one.</summary>
    Interrupted,

    /// <summary>The offload stopped before it reached this recording.</summary>
    NotAttempted,
}

/// <param name="LocalPath">The file it was sent from; null for objects made at the dock (bookmarks, a track).</param>
/// <param name="Etag">The MD5 the store holds.</param>
public sealed record StoredObject(string Name, StoreObjectKind Kind, int ClipIndex, string? LocalPath, long Size, string Etag);

/// <summary>The store's confirmation of a recording: what it holds, checked when.</summary>
public sealed record StoreConfirmation(string Container, DateTimeOffset VerifiedUtc, DateTimeOffset? DeleteAt, IReadOnlyList<StoredObject> Objects);

/// <param name="ObjectsSent">PUTs of this recording's objects made during this offload (0 for one already confirmed).</param>
/// <param name="Notes">What was left out of the store and why (bookmarks, a track).</param>
public sealed record RecordingOffloadResult(
    string RecordingId,
    RecordingOffloadOutcome Outcome,
    string? Container,
    StoreConfirmation? Confirmation,
    string? Reason,
    string? RejectedContainer,
    int ObjectsSent,
    IReadOnlyList<string> Notes)
{
    /// <summary>The local files the store confirmed, which the caller may now delete; empty unless Confirmed.</summary>
    public IReadOnlyList<string> ConfirmedLocalFiles =>
        Outcome == RecordingOffloadOutcome.Confirmed && Confirmation is { } confirmation
            ? confirmation.Objects.Select(item => item.LocalPath).OfType<string>().ToList()
            : [];
}

public enum OffloadOutcome
{
    /// <summary>Every recording was tried: each is confirmed, not transferred, or (rarely) interrupted.</summary>
    Completed,

    /// <summary>507: the store is out of space.</summary>
    StoreFull,

    /// <summary>503 on every retry.</summary>
    StoreBusy,

    /// <summary>Network failures (or server errors) on every retry.</summary>
    Unreachable,

    /// <summary>The store refused the credentials.</summary>
    AuthenticationFailed,

    /// <summary>The server's certificate is not one the connection pins.</summary>
    CertificateRefused,

    /// <summary>The store refused the camera (402 no licence, 403 not allowed).</summary>
    Refused,

    /// <summary>Undocked (or shut down) during the offload.</summary>
    Cancelled,
}

/// <param name="CapabilitiesProblem">Why the capabilities were taken as none (missing or corrupt object), if so.</param>
/// <param name="CategoriesRead">The store answered for its categories (the list, none published, or no ReadCategories): the camera's copy is replaced; false when the answer was unusable (the copy is kept).</param>
/// <param name="CategoriesNote">Where the categories came from, or why there are none.</param>
public sealed record StoreProfile(StoreCapabilities Capabilities, IReadOnlyList<StoreCategory> Categories, string? CapabilitiesProblem, bool CategoriesRead = false, string? CategoriesNote = null);

public sealed record OffloadReport(
    OffloadOutcome Outcome,
    string? Reason,
    StoreProfile? Profile,
    IReadOnlyList<RecordingOffloadResult> Recordings,
    DateTimeOffset Started,
    DateTimeOffset Finished);

/// <summary>What the offload does, as it happens: progress for the lights and the page, retries for the audit log.</summary>
public interface IOffloadObserver
{
    void Connected(StoreProfile profile)
    {
    }

    /// <summary>Bytes of an object's body sent so far (after each block, on the offload's thread).</summary>
    void ObjectProgress(string recordingId, string objectName, long sent, long total)
    {
    }

    void ObjectStored(string recordingId, string container, string objectName, long size)
    {
    }

    void Retrying(string failure, TimeSpan delay, int attempt)
    {
    }

    void Resending(string recordingId, string objectName, int resend, string reason)
    {
    }

    void RecordingFinished(RecordingOffloadResult result)
    {
    }
}
