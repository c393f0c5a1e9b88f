// The capture pipeline behind IRecordingPipeline: a supervised ffmpeg camera fills the pre-record
// buffer; a trigger opens a reader on it and starts a RecordingSession that writes clips and
// manifests. Reports go to the controller's observer, which posts them to the device loop.
//
// Threads: IRecordingPipeline members are called on the device loop and return at once. Camera
// events come from the camera's reader and supervisor threads, writer events from the writer's
// tasks; _lock guards the one field they share (the current session).
// Ownership: owns the buffer, the camera, its supervisor, the standby muxer and the sessions.
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture;

public sealed class CapturePipeline : IRecordingPipeline, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly FfmpegCameraSource _camera;
    private readonly CameraSupervisor _supervisor;
    private readonly ClipMuxerStandby _standby;
    private readonly RecordingOptions _recordingOptions;
    private readonly RecordingServices _services;
    private readonly bool _audio;
    private readonly Lock _lock = new();
    private IRecordingPipelineObserver? _observer;
    private RecordingSession? _session;
    private string? _startedId;
    private bool _buffering;

    // Set when the camera failed during a recording: the recording goes on once it is back.
    private bool _resumeAfterRestart;

    public CapturePipeline(DeviceOptions options, TimeProvider time, string firmwareVersion, IStorageSpace? storage = null)
    {
        _time = time;
        _audio = options.Camera.Audio.Enabled;
        Buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = options.Recording.PreRecord, ByteCapacity = options.Recording.BufferBytes });
        var identity = options.Identity;
        var earliest = options.Clock.EarliestValidTime;
        _camera = new FfmpegCameraSource(options.Camera, Buffer, () => new Watermark(identity.DeviceSerial, identity.OfficerId, time.GetUtcNow() >= earliest), time);
        _supervisor = new CameraSupervisor(_camera, options.Camera.Restart, time);
        _camera.Started += OnCameraStarted;
        _supervisor.Faulted += OnCameraFaulted;
        _supervisor.Recovered += OnCameraRecovered;

        var muxers = FfmpegClipMuxer.Factory();
        _recordingOptions = new RecordingOptions
        {
            Directory = Path.GetFullPath(options.Recording.Directory),
            DeviceSerial = identity.DeviceSerial,
            FirmwareVersion = firmwareVersion,
            OfficerId = identity.OfficerId,
            ClipLength = options.Recording.ClipLength,
            PreRollAudio = options.Camera.Audio.InPreRoll,
            Storage = new StorageOptions { NearFullFraction = options.Recording.NearFullFraction, ReserveBytes = options.Recording.ReserveMegabytes * 1024L * 1024 },
        };
        _standby = new ClipMuxerStandby(muxers, _recordingOptions.FragmentDuration);
        _services = new RecordingServices
        {
            Time = time,
            Storage = storage ?? new DriveInfoStorageSpace(),
            Muxers = muxers,
            Observer = new WriterObserver(this),
            Standby = _standby,
            Names = new RecordingNames(identity.DeviceSerial, _recordingOptions.Directory),
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
            var reader = request.Source == TriggerSource.ResumedAfterCameraRestart ? OpenReaderAtCurrentRun() : Buffer.OpenReader();
            _startedId = null;
            _session = RecordingSession.Start(reader, trigger, _recordingOptions, _services);
        }
    }

    // A reader at the restarted camera's first keyframe: the frames before it belong to the
    // previous run and are already in the clip sealed when the camera failed.
    private PreRecordReader OpenReaderAtCurrentRun()
    {
        var reader = Buffer.OpenReader();
        long? restart = null;
        using (var scout = reader.Fork())
        {
            for (var result = scout.Read(); result.Status != ReadStatus.Empty; result = scout.Read())
            {
                if (result.Status == ReadStatus.Frame && result.Frame.IsDiscontinuity && result.Frame.IsKeyframe && result.Frame.Kind == MediaStreamKind.Video)
                {
                    restart = result.Frame.Sequence;
                }
            }
        }

        while (restart is { } first)
        {
            using var peek = reader.Fork();
            var next = peek.Read();
            if (next.Status == ReadStatus.Empty || (next.Status == ReadStatus.Frame && next.Frame.Sequence >= first))
            {
                break;
            }

            reader.Read();
        }

        return reader;
    }

    public void AddMarker(RecordingMarker marker)
    {
        lock (_lock)
        {
            _session?.AddMarker(marker);
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
        await _standby.DisposeAsync().ConfigureAwait(false);
    }

    private void OnCameraStarted()
    {
        if (_buffering)
        {
            _observer?.BufferingStarted();

            // The waiting muxer starts once the camera delivers, not beside it: two ffmpeg
            // processes starting together on a small board delay the camera's first frame, and
            // with it Buffering (systemd's readiness). A trigger arriving before this muxer is up
            // starts its own, as it would without a standby.
            _standby.Prepare(includeAudio: _audio);
        }
    }

    private void OnCameraFaulted(string reason)
    {
        // A recording cannot continue without its camera: seal what was written (nothing is
        // lost) and let the device show the fault until the camera is back.
        lock (_lock)
        {
            if (_session is { } session)
            {
                _resumeAfterRestart = true;
                session.StopAsync(new RecordingStopRequest(StopReason.CameraFault, _time.GetUtcNow()));
            }
        }

        _observer?.Faulted(FaultCode.Camera, reason);
    }

    private void OnCameraRecovered()
    {
        bool resume;
        lock (_lock)
        {
            resume = _resumeAfterRestart && _buffering;
            _resumeAfterRestart = false;
        }

        if (!resume)
        {
            _observer?.Recovered();
            return;
        }

        // The sealed clip's session may still be closing; the new one starts once it has.
        var closing = CurrentRecording;
        _ = closing.ContinueWith(_ => StartRecording(new RecordingStartRequest(TriggerSource.ResumedAfterCameraRestart, _time.GetUtcNow())), TaskScheduler.Default);
    }

    private void OnDurable(string recordingId)
    {
        lock (_lock)
        {
            if (_startedId == recordingId || _session?.RecordingId != recordingId)
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
        public void Durable(string recordingId, int clipIndex, DurableProgress progress) => pipeline.OnDurable(recordingId);

        public void StorageChanged(StorageLevel level, StorageSpace space) =>
            pipeline._observer?.ConditionChanged(AlarmKind.StorageFull, level != StorageLevel.Ok);

        public void Ended(RecordingResult result) => pipeline.OnEnded(result);
    }
}
