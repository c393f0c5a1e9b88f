// A camera without a sensor or an encoder: it replays the H.264 and AAC access units of a short
// recording (VirtualCameraClip) into the pre-record buffer, paced by the TimeProvider, as an
// encoder would deliver them. On virtual time it runs as fast as the clock is stepped, so hours of
// recording take seconds; on the real clock it is a camera that needs no ffmpeg.
//
// Each run (StartAsync to StopAsync or failure) starts its timeline at 0, as a restarted encoder
// does, and the pre-record sink marks it as a discontinuity; within a run the clip loops with
// continuous, rising timestamps (every timestamp in the packets is moved to its new time, see
// TsUnitRetimer), and a keyframe every second. Video frame k of a run is due k frame intervals
// after the run started; the audio due by then goes first. A clock that jumps gets every frame it
// jumped over.
//
// It can be broken on purpose, so the supervisor, the stall watchdog and the restart path run as
// with a real camera: Fail ends the current run at once (Failed) and leaves the camera delivering
// nothing; Stall stops the frames of the current run (the run's StallWatchdog ends it after
// Camera.StallTimeout, or a run started meanwhile after Camera.StartTimeout); Recover makes the
// camera deliver again, from the next keyframe of whatever run is going.
//
// Threads: StartAsync, StopAsync, Fail, Stall and Recover may be called from any thread. Frames
// are appended on the TimeProvider's timer threads (the thread stepping a fake clock), one run's
// timer at a time, under _gate, which makes the sink's single producer; Started and Failed are
// raised on the thread that caused them, after _gate is released.
// Ownership: the buffer is the pipeline's; the source owns its timer and watchdog.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Capture.Camera.Virtual;

public sealed partial class VirtualCameraSource : ICameraSource
{
    // The stream of the built-in clip, as make-virtual-camera-clip.sh encodes it (the bit rate a
    // round figure above what it averages, ~50 kbit/s video and ~7 kbit/s audio).
    public const int Width = 320;
    public const int Height = 180;
    public const int FrameRate = 15;
    public const int BitrateKbps = 100;
    public const int AudioSampleRate = 32_000;
    public const int AudioBitrateKbps = 16;

    private readonly CameraOptions _options;
    private readonly TimeProvider _time;
    private readonly VirtualCameraClip _clip;
    private readonly PreRecordSink _sink;
    private readonly TsUnitRetimer _retimer = new();
    private readonly Lock _gate = new();
    private byte[] _scratch = new byte[64 * 1024];
    private Run? _run;
    private int _runs;
    private long _sequence;
    private VirtualCameraCondition _condition;
    private string? _failure;

    public VirtualCameraSource(CameraOptions options, PreRecordBuffer buffer, TimeProvider time)
        : this(options, buffer, time, VirtualCameraClip.Default)
    {
    }

    internal VirtualCameraSource(CameraOptions options, PreRecordBuffer buffer, TimeProvider time, VirtualCameraClip clip)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _clip = clip;
        _sink = new PreRecordSink(buffer, time);
    }

    public event Action? Started;

    public event Action<string>? Failed;

    public ProgramTablePackets? ProgramTables => _sink.ProgramTables;

    public StreamClockSample? LatestVideo => _sink.GetStatistics().LatestVideo;

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _run is not null;
            }
        }
    }

    public VirtualCameraCondition Condition
    {
        get
        {
            lock (_gate)
            {
                return _condition;
            }
        }
    }

    /// <summary>The virtual camera for a CapturePipeline; <paramref name="created"/> gets each one made (to fail or stall it).</summary>
    public static CameraSourceFactory Factory(Action<VirtualCameraSource>? created = null) => (options, buffer, _, time) =>
    {
        var source = new VirtualCameraSource(options, buffer, time);
        created?.Invoke(source);
        return source;
    };

    public CameraSourceStatistics GetStatistics() => _sink.GetStatistics();

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_gate)
        {
            if (_run is not null)
            {
                return Task.FromException(new InvalidOperationException("the camera is already running"));
            }

            var run = new Run(this, ++_runs);
            _run = run;
            _retimer.Reset();

            // A broken camera starts a run that delivers nothing, as a dead sensor would.
            run.Resyncing = _condition != VirtualCameraCondition.Working;
            _sink.BeginRun(run.Number, run.Watchdog.Feed, () => run.StartedPending = true);
            _sink.OnProgramTables(_clip.Tables.Pat.Span, _clip.Tables.Pmt.Span);
            run.Watchdog.Start();
            Advance(run);
        }

        RaiseStarted();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            End(_run);
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    /// <summary>The camera breaks: the current run ends now with <paramref name="reason"/>, and runs deliver nothing until <see cref="Recover"/>.</summary>
    public void Fail(string reason)
    {
        Run? failed;
        lock (_gate)
        {
            _condition = VirtualCameraCondition.Failed;
            failed = _run;
            End(failed);
            _failure = failed is null ? null : reason;
        }

        RaiseFailure();
    }

    /// <summary>The current run (and any started later) stops delivering frames until <see cref="Recover"/>; the stall watchdog notices.</summary>
    public void Stall()
    {
        lock (_gate)
        {
            _condition = VirtualCameraCondition.Stalled;
            if (_run is { } run)
            {
                run.Resyncing = true;
            }
        }
    }

    /// <summary>Frames flow again, from the next keyframe of the run going on (or of the next run).</summary>
    public void Recover()
    {
        lock (_gate)
        {
            _condition = VirtualCameraCondition.Working;
        }
    }

    // Under _gate.
    private void End(Run? run)
    {
        if (run is null || _run != run)
        {
            return;
        }

        _run = null;
        run.Timer?.Dispose();
        run.Watchdog.Dispose();
    }

    private void OnTick(Run run)
    {
        lock (_gate)
        {
            if (_run != run)
            {
                return;
            }

            Advance(run);
        }

        RaiseStarted();
    }

    private void OnStall(Run run, string reason)
    {
        lock (_gate)
        {
            if (_run != run)
            {
                return;
            }

            End(run);
            _failure = reason;
        }

        RaiseFailure();
    }

    // The first keyframe of a run went into the buffer while _gate was held: say so now.
    private void RaiseStarted()
    {
        bool started = false;
        lock (_gate)
        {
            if (_run is { StartedPending: true } run)
            {
                run.StartedPending = false;
                started = true;
            }
        }

        if (started)
        {
            Started?.Invoke();
        }
    }

    private void RaiseFailure()
    {
        string? reason;
        lock (_gate)
        {
            reason = _failure;
            _failure = null;
        }

        if (reason is not null)
        {
            Failed?.Invoke(reason);
        }
    }
}
