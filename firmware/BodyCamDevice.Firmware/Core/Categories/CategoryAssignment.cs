// A decision of the controller: these categories (possibly none) now belong to this recording,
// set by this officer through this input at this time. The recorder adapter writes it durably
// (signed, beside the recording) and only then is it audited and confirmed.
namespace BodyCamDevice.Firmware.Core.Categories;

/// <param name="Categories">The recording's whole set after the change (it replaces the one before); empty: cleared.</param>
/// <param name="Source">What set it: "function button", "control api".</param>
/// <param name="SetUtc">The device clock when it was decided.</param>
public sealed record CategoryAssignment(
    string RecordingId,
    IReadOnlyList<CategoryEntry> Categories,
    string OfficerId,
    string DeviceSerial,
    string Source,
    DateTimeOffset SetUtc)
{
    public bool IsEvidence => Categories.Any(category => category.Evidence);
}

public enum CategoryChangeOutcome
{
    /// <summary>Written beside the recording and audited.</summary>
    Set,

    /// <summary>No categories are known yet (no dock with a store that publishes them).</summary>
    NoneKnown,

    /// <summary>An ID not in the store's list (Detail names it).</summary>
    UnknownCategory,

    /// <summary>No recording to put it on (no current or last recording since power on).</summary>
    NoRecording,

    /// <summary>Docked: the recordings may be leaving the camera; categories are set before docking.</summary>
    Docked,

    /// <summary>The record could not be written (Detail says why); nothing changed.</summary>
    Failed,
}

/// <param name="Assignment">What was set (Set), null otherwise.</param>
public sealed record CategoryChangeResult(CategoryChangeOutcome Outcome, string Detail, CategoryAssignment? Assignment = null);

/// <summary>
/// Writes a category assignment durably. Called on the device loop; returns at once, the work
/// runs elsewhere, one write at a time in the order called. The task ends once the record is on
/// storage, or faults with the reason it is not.
/// </summary>
public interface ICategoryRecorder
{
    Task WriteAsync(CategoryAssignment assignment);
}
