// EMULATOR-ONLY STAND-IN. Wraps the firmware's StandInRecordingPipeline and, for every recording
// it reports stopped, has a StandInClipWriter put a small test-pattern MP4 and a manifest into the
// recordings directory, so the UI's list and playback and the scenario runner's recording checks
// work end to end before the capture pipeline exists. The clip is ffmpeg's testsrc2, not camera
// footage, and has no pre-roll; the manifest says so ("standIn": true).
// Threading: the controller calls in on the device loop; the inner pipeline reports on its timer
// threads; the clip is written on the thread pool, never on the loop.
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Emulator.Recording;

internal sealed class StandInClipPipeline(StandInRecordingPipeline inner, StandInClipWriter? writer, TimeProvider time) : IRecordingPipeline
{
    private readonly Lock _lock = new();
    private readonly List<RecordingMarker> _markers = new();
    private readonly List<LocationSample> _track = new();
    private RecordingStartRequest? _startRequest;
    private RecordingStopRequest? _stopRequest;
    private DateTimeOffset _startedAt;

    /// <summary>The clip writes still running (tests and shutdown wait for them).</summary>
    public Task PendingWrites { get; private set; } = Task.CompletedTask;

    public void Attach(IRecordingPipelineObserver observer) => inner.Attach(new Interceptor(this, observer));

    public void StartBuffering() => inner.StartBuffering();

    public void StopBuffering() => inner.StopBuffering();

    public void StartRecording(RecordingStartRequest request)
    {
        lock (_lock)
        {
            _startRequest = request;
            _stopRequest = null;
            _markers.Clear();
            _track.Clear();
        }

        inner.StartRecording(request);
    }

    public void AddMarker(RecordingMarker marker)
    {
        lock (_lock)
        {
            _markers.Add(marker);
        }

        inner.AddMarker(marker);
    }

    public void AddTrackPoint(LocationSample point)
    {
        lock (_lock)
        {
            _track.Add(point);
        }
    }

    public void StopRecording(RecordingStopRequest request)
    {
        lock (_lock)
        {
            _stopRequest = request;
        }

        inner.StopRecording(request);
    }

    private void OnStarted()
    {
        lock (_lock)
        {
            _startedAt = time.GetUtcNow();
        }
    }

    private void OnStopped(string recordingId)
    {
        if (writer is null)
        {
            return;
        }

        StandInClip clip;
        lock (_lock)
        {
            clip = new StandInClip(
                recordingId,
                _startedAt,
                time.GetUtcNow(),
                _startRequest?.Source.ToString() ?? "unknown",
                _stopRequest?.Reason.ToString() ?? StopReason.StorageFull.ToString(),
                _markers.ToArray())
            {
                LocationAtTriggerOn = _startRequest?.Location,
                LocationAtTriggerOff = _stopRequest?.Location,
                Track = _startRequest?.Location is not null ? _track.ToArray() : null,
            };
        }

        lock (_lock)
        {
            var previous = PendingWrites;
            PendingWrites = Task.Run(async () =>
            {
                await previous;
                await writer.WriteAsync(clip);
            });
        }
    }

    // Sees the inner pipeline's reports on their way to the controller.
    private sealed class Interceptor(StandInClipPipeline owner, IRecordingPipelineObserver observer) : IRecordingPipelineObserver
    {
        public void BufferingStarted() => observer.BufferingStarted();

        public void RecordingStarted(string recordingId)
        {
            owner.OnStarted();
            observer.RecordingStarted(recordingId);
        }

        public void RecordingStopped(string recordingId)
        {
            owner.OnStopped(recordingId);
            observer.RecordingStopped(recordingId);
        }

        public void Faulted(FaultCode code, string detail) => observer.Faulted(code, detail);

        public void Recovered() => observer.Recovered();

        public void ConditionChanged(AlarmKind kind, bool active) => observer.ConditionChanged(kind, active);
    }
}

/// <summary>What the stand-in knows about one finished recording.</summary>
internal sealed record StandInClip(string RecordingId, DateTimeOffset Start, DateTimeOffset Stop, string Trigger, string StopReason, IReadOnlyList<RecordingMarker> Markers)
{
    /// <summary>Locations from the GNSS receiver, as the capture pipeline records them; null without one.</summary>
    public LocationSample? LocationAtTriggerOn { get; init; }

    public LocationSample? LocationAtTriggerOff { get; init; }

    public IReadOnlyList<LocationSample>? Track { get; init; }
}
