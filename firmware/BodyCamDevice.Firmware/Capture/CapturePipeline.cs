// The capture pipeline behind IRecordingPipeline: a supervised ffmpeg camera fills the pre-record
// buffer; a trigger opens a reader on it and starts a RecordingSession that writes clips and
// manifests. Reports go to the controller's observer, which posts them to the device loop.
//
// Threads: IRecordingPipeline members are called on the device loop and return at once. Camera
// events come from the camera's reader and supervisor threads, writer events from the writer's
// tasks; _lock guards the one field they share (the current session).
// Ownership: owns the buffer, the camera, its supervisor and the sessions.
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Capture.Recording.Mp4;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture;

public sealed class CapturePipeline : IRecordingPipeline, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly FfmpegCameraSource _camera;
    private readonly CameraSupervisor _supervisor;
    private readonly RecordingOptions _recordingOptions;
    private readonly RecordingServices _services;
    private readonly Lock _lock = new();
    private IRecordingPipelineObserver? _observer;
    private RecordingSession? _session;
    private string? _startedId;
    private bool _buffering;

    // Set when the camera failed during a recording: the recording goes on once it is back, and
    // the device hears of it when a clip after this index reaches storage.
    private int? _resumeAfterClip;
    private int _lastDurableClip;

    // evidence: signing, chaining and encryption of the clips (DeviceEvidence.Clips on a device);
    // null writes plain, unsigned clips.
    public CapturePipeline(DeviceOptions options, TimeProvider time, string firmwareVersion, IStorageSpace? storage = null, Evidence.ClipEvidence? evidence = null)
    {
        if (options.Encryption.Enabled && evidence?.Encryption is null)
        {
            // Never record in clear on a device configured to encrypt.
            throw new InvalidOperationException("Encryption.Enabled is set but the capture pipeline was given no evidence store key (DeviceEvidence.Clips): it will not record in clear");
        }

        _time = time;
        Buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = options.Recording.PreRecord, ByteCapacity = options.Recording.BufferBytes });
        var identity = options.Identity;
        var earliest = options.Clock.EarliestValidTime;
        _camera = new FfmpegCameraSource(options.Camera, Buffer, () => new Watermark(identity.DeviceSerial, identity.OfficerId, time.GetUtcNow() >= earliest), time);
        _supervisor = new CameraSupervisor(_camera, options.Camera.Restart, time);
        _camera.Started += OnCameraStarted;
        _supervisor.Faulted += OnCameraFaulted;
        _supervisor.Recovered += OnCameraRecovered;

        _recordingOptions = new RecordingOptions
        {
            Directory = Path.GetFullPath(options.Recording.Directory),
            DeviceSerial = identity.DeviceSerial,
            FirmwareVersion = firmwareVersion,
            OfficerId = identity.OfficerId,
            ClipLength = options.Recording.ClipLength,
            PreRollAudio = options.Camera.Audio.InPreRoll,
            MaxTrackPointsPerClip = options.Gnss.MaxTrackPointsPerClip,
            Storage = new StorageOptions { NearFullFraction = options.Recording.NearFullFraction, ReserveBytes = options.Recording.ReserveMegabytes * 1024L * 1024 },
        };
        _services = new RecordingServices
        {
            Time = time,
            Storage = storage ?? new DriveInfoStorageSpace(),
            Muxers = Mp4ClipMuxer.Factory(),
            Observer = new WriterObserver(this),
            Names = new RecordingNames(identity.DeviceSerial, _recordingOptions.Directory),
            CameraClock = () => _camera.LatestVideo,
            Evidence = evidence,
        };
    }

    public PreRecordBuffer Buffer { get; }

    public FfmpegCameraSource Camera => _camera;

    public string RecordingsDirectory => _recordingOptions.Directory;

    /// <summary>Completes when the recording in progress (if any) has sealed its last clip.</summary>
    public Task<RecordingResult?> CurrentRecording
    {
        get
        {
            lock (_lock)
            {
                return _session is { } session ? session.Completion.ContinueWith(t => (RecordingResult?)t.Result, TaskScheduler.Default) : Task.FromResult<RecordingResult?>(null);
            }
        }
    }

    public void Attach(IRecordingPipelineObserver observer) => _observer = observer;

    public void StartBuffering()
    {
        _buffering = true;
        _ = _supervisor.StartAsync();
    }

    public void StopBuffering()
    {
        _buffering = false;

        // A recording waiting for its camera to come back ends here (docked), with what it has.
        lock (_lock)
        {
            _session?.StopAsync(new RecordingStopRequest(StopReason.Docked, _time.GetUtcNow()));
        }

        _ = _supervisor.StopAsync();
    }

    public void StartRecording(RecordingStartRequest request)
    {
        var latest = _camera.LatestVideo;
        var tables = _camera.ProgramTables;
        if (latest is not { } sample || tables is null)
        {
            _observer?.Faulted(FaultCode.Camera, "no video from the camera yet");
            return;
        }

        lock (_lock)
        {
            if (_session is not null)
            {
                return;
            }

            // The trigger's media time is where the stream was at the moment of the press.
            var trigger = new RecordingTrigger(request, sample.PtsAt(request.Time), tables.Pat, tables.Pmt);
            _startedId = null;
            _session = RecordingSession.Start(Buffer.OpenReader(), trigger, _recordingOptions, _services);
        }
    }

    public void AddMarker(RecordingMarker marker)
    {
        lock (_lock)
        {
            _session?.AddMarker(marker);
        }
    }

    public void AddTrackPoint(LocationSample point)
    {
        lock (_lock)
        {
            _session?.AddTrackPoint(point);
        }
    }

    public void StopRecording(RecordingStopRequest request)
    {
        lock (_lock)
        {
            _session?.StopAsync(request);
        }
    }

    public async ValueTask DisposeAsync()
    {
        RecordingSession? session;
        lock (_lock)
        {
            session = _session;
        }

        if (session is not null)
        {
            await session.StopAsync(new RecordingStopRequest(StopReason.Shutdown, _time.GetUtcNow())).ConfigureAwait(false);
        }

        await _supervisor.DisposeAsync().ConfigureAwait(false);
    }

    private void OnCameraStarted()
    {
        if (_buffering)
        {
            _observer?.BufferingStarted();
        }
    }

    private void OnCameraFaulted(string reason)
    {
        // The recording seals the clip it has (nothing is lost) and waits for the camera; the
        // device shows the fault until a clip after that one reaches storage.
        lock (_lock)
        {
            if (_session is { } session)
            {
                _resumeAfterClip = _lastDurableClip;
                session.CameraLost(_time.GetUtcNow());
            }
        }

        _observer?.Faulted(FaultCode.Camera, reason);
    }

    private void OnCameraRecovered()
    {
        lock (_lock)
        {
            if (_resumeAfterClip is not null && _session is not null)
            {
                // The recording reports itself once the camera's frames are on storage again.
                return;
            }

            _resumeAfterClip = null;
        }

        _observer?.Recovered();
    }

    private void OnDurable(string recordingId, int clipIndex)
    {
        lock (_lock)
        {
            if (_session?.RecordingId != recordingId)
            {
                return;
            }

            _lastDurableClip = Math.Max(_lastDurableClip, clipIndex);
            if (_resumeAfterClip is { } before)
            {
                if (clipIndex <= before)
                {
                    return;
                }

                // The camera is back and the recording goes on: the device leaves its fault.
                _resumeAfterClip = null;
            }
            else if (_startedId == recordingId)
            {
                return;
            }

            _startedId = recordingId;
        }

        // The red LED starts blinking only now: recording bytes are on storage.
        _observer?.RecordingStarted(recordingId);
    }

    private void OnEnded(RecordingResult result)
    {
        lock (_lock)
        {
            if (_session?.RecordingId == result.RecordingId)
            {
                _session = null;
                _lastDurableClip = 0;

                // Ended while waiting for the camera (docked): its recovery is then just that.
                _resumeAfterClip = null;
            }
        }

        if (result.Outcome == RecordingOutcome.Faulted)
        {
            _observer?.Faulted(FaultCode.Storage, result.Fault?.Message ?? "the recording writer failed");
            _observer?.Recovered();
            return;
        }

        _observer?.RecordingStopped(result.RecordingId);
    }

    private sealed class WriterObserver(CapturePipeline pipeline) : IRecordingObserver
    {
        // Footage, not just the init segment: the header is on storage before the clip's first
        // fragment is complete, which with a short pre-roll is up to one GOP later.
        public void Durable(string recordingId, int clipIndex, DurableProgress progress)
        {
            if (progress.Fragments > 0)
            {
                pipeline.OnDurable(recordingId, clipIndex);
            }
        }

        public void StorageChanged(StorageLevel level, StorageSpace space) =>
            pipeline._observer?.ConditionChanged(AlarmKind.StorageFull, level != StorageLevel.Ok);

        public void Ended(RecordingResult result) => pipeline.OnEnded(result);
    }
}
