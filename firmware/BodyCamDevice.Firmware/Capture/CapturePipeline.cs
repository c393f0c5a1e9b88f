// The capture pipeline behind IRecordingPipeline: a supervised camera (any ICameraSource: the
// device's ffmpeg encoder, or the virtual camera) fills the pre-record buffer; a trigger opens a
// reader on it and starts a RecordingSession that writes clips and manifests. Reports go to the
// controller's observer, which posts them to the device loop.
//
// Part two (.Reports) turns the camera's and the writer's reports into the device's; part three
// (.Idle) is what virtual time needs: the writer keeping pace with a camera on a stepped clock.
//
// Threads: IRecordingPipeline members are called on the device loop and return at once. Camera
// events come from the camera's and the supervisor's threads, writer events from the writer's
// task; _lock guards what they share (the current session and the recording's progress).
// Ownership: owns the buffer, the camera, its supervisor and the sessions.
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Capture.Recording.Mp4;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture;

public sealed partial class CapturePipeline : IRecordingPipeline, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ICameraSource _camera;
    private readonly CameraSupervisor _supervisor;
    private readonly RecordingOptions _recordingOptions;
    private readonly RecordingServices _services;
    private readonly Lock _lock = new();
    private IRecordingPipelineObserver? _observer;
    private RecordingSession? _session;
    private string? _startedId;
    private bool _buffering;

    // While the end of a recording is being reported (the session is gone, the report not out yet).
    private int _ending;

    // Completed and cleared whenever the writer waits or a recording has ended; made on demand.
    private TaskCompletionSource? _progress;

    // Set when the camera failed during a recording: the recording goes on once it is back, and
    // the device hears of it when a clip after this index reaches storage.
    private int? _resumeAfterClip;
    private int _lastDurableClip;

    // camera: makes the camera over this pipeline's buffer. storage: measures the recordings volume.
    // evidence: signing, chaining and encryption of the clips (DeviceEvidence.Clips on a device);
    // null writes plain, unsigned clips. clockSync: the clock's last check against the evidence
    // store, for the manifests (null: they say it was never checked).
    public CapturePipeline(ValidatedDeviceOptions validated, TimeProvider time, string firmwareVersion, CameraSourceFactory camera, IStorageSpace storage, Evidence.ClipEvidence? evidence = null, Evidence.ClockSyncRecord? clockSync = null)
    {
        ArgumentNullException.ThrowIfNull(validated);
        var options = validated.Value;
        if (options.Encryption.Enabled && evidence?.Encryption is null)
        {
            // Never record in clear on a device configured to encrypt.
            throw new InvalidOperationException("Encryption.Enabled is set but the capture pipeline was given no evidence store key (DeviceEvidence.Clips): it will not record in clear");
        }

        _time = time;
        Buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = options.Recording.PreRecord, ByteCapacity = options.Recording.BufferBytes });
        var identity = options.Identity;
        var earliest = options.Clock.EarliestValidTime;
        _camera = camera(options.Camera, Buffer, () => new Watermark(identity.DeviceSerial, identity.OfficerId, time.GetUtcNow() >= earliest), time);
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
            Storage = storage,
            Muxers = Mp4ClipMuxer.Factory(),
            Names = new RecordingNames(identity.DeviceSerial, _recordingOptions.Directory),
            CameraClock = () => _camera.LatestVideo,
            Evidence = evidence,
            ClockSync = clockSync,
        };
    }

    public PreRecordBuffer Buffer { get; }

    public ICameraSource Camera => _camera;

    public CameraSupervisor Supervisor => _supervisor;

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
            var observer = new WriterObserver(this);
            _session = RecordingSession.Start(Buffer.OpenReader(), trigger, _recordingOptions, _services with { Observer = observer });
            observer.Session = _session;
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
        await _camera.DisposeAsync().ConfigureAwait(false);
    }
}

