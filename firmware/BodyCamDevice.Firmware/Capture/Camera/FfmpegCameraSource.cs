// The camera: an ffmpeg encoder process (command from EncoderArguments) started through FFMpegCore,
// whose MPEG-TS output is split into access units and appended to the pre-record buffer. One run
// (one process) at a time; after a failure or a stop the source can be started again, and every
// run after the first begins with a declared discontinuity in the buffer, since its timestamps
// start over. Restarting after a failure is CameraSupervisor's decision; this class only reports.
//
// Threads: StartAsync and StopAsync come from the device's control side, one at a time; Started and
// Failed are raised on thread-pool threads; the getters may be called from any thread.
// Ownership: the buffer is shared (the recording writer reads it) and not disposed here.
namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed class FfmpegCameraSource : ICameraSource, IAsyncDisposable
{
    private readonly CameraOptions _options;
    private readonly Func<Watermark> _watermark;
    private readonly TimeProvider _time;
    private readonly PreRecordSink _sink;
    private readonly Lock _gate = new();
    private EncoderRun? _run;
    private EncoderCommand? _command;
    private int _runs;

    // watermark: asked at every start, so a clock set since the last run shows the time again.
    // encoder: overrides the resolution of Auto (EncoderSelection) for tests and benchmarks.
    public FfmpegCameraSource(
        CameraOptions options, PreRecordBuffer buffer, Func<Watermark> watermark,
        TimeProvider? timeProvider = null, CameraEncoder? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(watermark);
        _options = options;
        _watermark = watermark;
        _time = timeProvider ?? TimeProvider.System;
        _sink = new PreRecordSink(buffer, _time);
        Encoder = encoder ?? EncoderSelection.Resolve(options.Encoder, EncoderSelection.ReadBoardModel());
    }

    public event Action? Started;

    public event Action<string>? Failed;

    /// <summary>The H.264 encoder in use (Auto resolved).</summary>
    public CameraEncoder Encoder { get; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _run is { Completion.IsCompleted: false };
            }
        }
    }

    /// <summary>The command of the current or last run, for the log.</summary>
    public EncoderCommand? Command
    {
        get
        {
            lock (_gate)
            {
                return _command;
            }
        }
    }

    /// <summary>The current run's ffmpeg process id, once its output is connected (Linux only).</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _run is { Completion.IsCompleted: false } run ? run.ProcessId : null;
            }
        }
    }

    public ProgramTablePackets? ProgramTables => _sink.ProgramTables;

    public StreamClockSample? LatestVideo => _sink.GetStatistics().LatestVideo;

    public CameraSourceStatistics GetStatistics() => _sink.GetStatistics();

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            StartRun();
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            return Task.FromException(exception);
        }
    }

    // Sends "q"; ffmpeg is killed if it has not exited after StopGracePeriod. The last access unit
    // of each stream is still open in the splitter at that point and is not kept (one frame).
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        EncoderRun? run;
        lock (_gate)
        {
            run = _run;
        }

        if (run is not null)
        {
            run.RequestStop();
            await run.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>The device's camera: the configured source through ffmpeg, the encoder resolved for this board.</summary>
    public static CameraSourceFactory Factory(CameraEncoder? encoder = null) =>
        (options, buffer, watermark, time) => new FfmpegCameraSource(options, buffer, watermark, time, encoder);

    // FFMpegCore checks ffmpeg ("ffmpeg -version") the first time it runs one in a process, and
    // then remembers it. Run early (as the device starts), the check overlaps the start instead
    // of delaying the camera's first frame. Throws what FFMpegCore throws when ffmpeg is missing
    // or broken; the camera reports that itself when it starts, so callers may ignore it.
    public static async Task WarmUpAsync(CameraOptions options)
    {
        var ffOptions = new FFMpegCore.FFOptions();
        if (options.FfmpegPath is { } path)
        {
            ffOptions.BinaryFolder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        }

        await FFMpegCore.FFMpegArguments
            .FromFileInput("anullsrc", verifyExists: false, arguments => arguments.WithCustomArgument("-f lavfi"))
            .OutputToNull(arguments => arguments.WithCustomArgument("-t 0.01"))
            .ProcessAsynchronously(throwOnError: true, ffOptions)
            .ConfigureAwait(false);
    }

    private void StartRun()
    {
        CheckSource();
        EncoderCommand command = EncoderArguments.Build(_options, _watermark(), Encoder);
        var run = new EncoderRun(command, _options, _sink, _time);
        lock (_gate)
        {
            if (_run is { Completion.IsCompleted: false })
            {
                throw new InvalidOperationException("the camera is already running");
            }

            // Started under the lock, so StopAsync never sees a run without its Completion. The
            // sink is set up first: its callbacks run on the reader thread the run starts.
            _sink.BeginRun(++_runs, run.OnVideoFrame, () => ThreadPool.QueueUserWorkItem(_ => Started?.Invoke()));
            run.Start();
            _run = run;
            _command = command;
        }

        run.Completion.ContinueWith(
            completed =>
            {
                if (completed.Result is { } reason)
                {
                    Failed?.Invoke(reason);
                }
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    // Causes that a restart cannot cure get a clear message before any process starts.
    private void CheckSource()
    {
        if (_options.Source == CameraSourceKind.File && !File.Exists(_options.FilePath))
        {
            throw new CameraStartException($"Camera.FilePath = \"{_options.FilePath}\": the file does not exist");
        }

        if (_options.Source == CameraSourceKind.V4L2 && !File.Exists(_options.V4L2Device))
        {
            throw new CameraStartException($"Camera.V4L2Device = \"{_options.V4L2Device}\": no such device");
        }

        if (_options.FfmpegPath is { } ffmpeg && !File.Exists(ffmpeg))
        {
            throw new CameraStartException($"Camera.FfmpegPath = \"{ffmpeg}\": the file does not exist");
        }
    }
}
