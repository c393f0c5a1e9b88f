// A recording pipeline for tests of the controller's logic: reports buffering, recording started
// and stopped after configurable delays (on the given TimeProvider), and can be told to fail or
// recover, so the controller's whole life cycle runs without a camera. The device's own pipeline
// (CapturePipeline) is tested with the virtual camera in Capture/Pipeline.
// Thread-safe: members may be called from the loop or from a test thread.
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Tests;

internal sealed class FakeRecordingPipeline : IRecordingPipeline
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<RecordingMarker> _markers = new();
    private readonly List<Firmware.Core.Location.LocationSample> _trackPoints = new();
    private IRecordingPipelineObserver? _observer;
    private string? _recordingId;
    private int _recordingCount;

    public FakeRecordingPipeline(TimeProvider time)
    {
        _time = time;
    }

    public TimeSpan StartDelay { get; set; } = TimeSpan.Zero;
    public TimeSpan StopDelay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, the next StartRecording reports this fault instead of starting.</summary>
    public string? FailNextStart { get; set; }

    public string? CurrentRecordingId => _recordingId;

    public IReadOnlyList<RecordingMarker> Markers
    {
        get
        {
            lock (_lock)
            {
                return _markers.ToArray();
            }
        }
    }

    /// <summary>Track points of the recordings so far, in order.</summary>
    public IReadOnlyList<Firmware.Core.Location.LocationSample> TrackPoints
    {
        get
        {
            lock (_lock)
            {
                return _trackPoints.ToArray();
            }
        }
    }

    public RecordingStartRequest? LastStartRequest { get; private set; }

    public RecordingStopRequest? LastStopRequest { get; private set; }

    public void Attach(IRecordingPipelineObserver observer) => _observer = observer;

    public void AddTrackPoint(Firmware.Core.Location.LocationSample point)
    {
        lock (_lock)
        {
            _trackPoints.Add(point);
        }
    }

    public void StartBuffering() => After(TimeSpan.Zero, observer => observer.BufferingStarted());

    public void StopBuffering()
    {
    }

    public void StartRecording(RecordingStartRequest request)
    {
        LastStartRequest = request;
        if (FailNextStart is { } failure)
        {
            FailNextStart = null;
            After(TimeSpan.Zero, observer => observer.Faulted(FaultCode.Camera, failure));
            return;
        }

        var id = $"REC-{Interlocked.Increment(ref _recordingCount):D4}";
        _recordingId = id;
        After(StartDelay, observer => observer.RecordingStarted(id));
    }

    public void AddMarker(RecordingMarker marker)
    {
        lock (_lock)
        {
            _markers.Add(marker);
        }
    }

    public void StopRecording(RecordingStopRequest request)
    {
        LastStopRequest = request;
        var id = _recordingId ?? "none";
        _recordingId = null;
        After(StopDelay, observer => observer.RecordingStopped(id));
    }

    /// <summary>Simulates a failure, of the camera unless <paramref name="code"/> says otherwise (reported like a real pipeline would, from another thread).</summary>
    public void InjectFault(string detail, FaultCode code = FaultCode.Camera) => _observer?.Faulted(code, detail);

    public void InjectRecovery() => _observer?.Recovered();

    /// <summary>Simulates the pipeline ending the recording itself (e.g. storage full).</summary>
    public void InjectStorageFull()
    {
        var id = _recordingId;
        _recordingId = null;
        _observer?.ConditionChanged(Firmware.Core.Alarms.AlarmKind.StorageFull, true);
        if (id is not null)
        {
            _observer?.RecordingStopped(id);
        }
    }

    private void After(TimeSpan delay, Action<IRecordingPipelineObserver> report)
    {
        var observer = _observer ?? throw new InvalidOperationException("Attach an observer first.");
        if (delay <= TimeSpan.Zero)
        {
            report(observer);
            return;
        }

        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            timer?.Dispose();
            report(observer);
        }, null, delay, Timeout.InfiniteTimeSpan);
    }
}
