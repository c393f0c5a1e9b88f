// The seam between the device's control logic and whatever captures and stores video.
// The controller calls these from the device loop; they must return at once (start a process,
// post work) and report progress later through IRecordingPipelineObserver, from any thread.
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Location;

namespace BodyCamDevice.Firmware.Core.Recording;

public interface IRecordingPipeline
{
    /// <summary>Called once by the controller before any other member.</summary>
    void Attach(IRecordingPipelineObserver observer);

    /// <summary>Camera on, pre-record buffer running. Report <see cref="IRecordingPipelineObserver.BufferingStarted"/>.</summary>
    void StartBuffering();

    /// <summary>Camera off (docked, shutting down). Nothing recorded is lost.</summary>
    void StopBuffering();

    /// <summary>Begin a recording (pre-roll included). Report RecordingStarted once bytes really flow.</summary>
    void StartRecording(RecordingStartRequest request);

    void AddMarker(RecordingMarker marker);

    /// <summary>
    /// Where the camera was during the recording (one point every Gnss.TrackInterval, only on a
    /// device with a GNSS receiver). A pipeline that keeps no track ignores it.
    /// </summary>
    void AddTrackPoint(LocationSample point)
    {
    }

    /// <summary>End and seal the recording. Report RecordingStopped once sealed.</summary>
    void StopRecording(RecordingStopRequest request);
}

public interface IRecordingPipelineObserver
{
    void BufferingStarted();

    void RecordingStarted(string recordingId);

    void RecordingStopped(string recordingId);

    /// <summary>The camera or storage failed; <paramref name="detail"/> says what, for the audit log.</summary>
    void Faulted(FaultCode code, string detail);

    /// <summary>The fault cleared: buffering again.</summary>
    void Recovered();

    /// <summary>A condition the pipeline watches (storage near full) started or ended.</summary>
    void ConditionChanged(AlarmKind kind, bool active);
}

/// <summary>Fault codes; the status LED blinks the number.</summary>
public enum FaultCode
{
    Camera = 2,
    Storage = 3,
    Internal = 4,
}

public enum TriggerSource
{
    RecordButton,
    ExternalTrigger,
    ControlApi,
}

public enum StopReason
{
    RecordButton,
    ControlApi,
    StorageFull,
    CameraFault,
    Docked,
    Shutdown,
}

/// <summary>A start: what triggered it and when; <see cref="Location"/> where (null without a GNSS receiver).</summary>
public sealed record RecordingStartRequest(TriggerSource Source, DateTimeOffset Time)
{
    public LocationSample? Location { get; init; }
}

/// <summary>A stop: why and when; <see cref="Location"/> where (null without a GNSS receiver, or when the pipeline stopped by itself).</summary>
public sealed record RecordingStopRequest(StopReason Reason, DateTimeOffset Time)
{
    public LocationSample? Location { get; init; }
}

public sealed record RecordingMarker(DateTimeOffset Time, string Source);
