// A ClipMuxerFactory that keeps one ffmpeg muxer started and waiting for input, so that a trigger
// (or the next clip of a long recording) does not wait for ffmpeg to start: ~100-180 ms here,
// more on a Pi. The waiting ffmpeg uses no CPU and a few MB of memory. This is how the device
// recorded before it muxed in process; `./dev bench recording` measures it as the baseline.
//
// A prepared muxer's probe size cannot be the exact one (the keyframe it will start with is not
// known yet), so it is a guess (DefaultProbeSize, or what Prepare is given). The probe then ends
// after the clip's first audio unit and keyframe if that keyframe is at least as large, or a few
// frames later if it is smaller; either way the audio parameters are read (any keyframe is larger
// than an audio unit).
//
// Threads: Prepare and the factory may be called from any thread; the process is started on the
// thread pool. Dispose stops a muxer still waiting.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.ReferenceMuxer;

public sealed class ClipMuxerStandby : IAsyncDisposable
{
    // Before any keyframe has been seen: about one keyframe at 8 Mbit/s 720p.
    public const int DefaultProbeSize = 64 * 1024;

    private readonly string? _binaryFolder;
    private readonly Lock _gate = new();
    private Task<Prepared>? _prepared;
    private int _probeSize = DefaultProbeSize;
    private int _started;
    private bool _disposed;

    // binaryFolder: where ffmpeg lives; null looks it up on PATH.
    public ClipMuxerStandby(string? binaryFolder = null)
    {
        _binaryFolder = binaryFolder;
    }

    // For RecordingServices.Muxers: the waiting muxer when it matches the clip's settings (a new
    // one otherwise); either way another is started to wait for the next clip.
    public ClipMuxerFactory Factory => Create;

    // ffmpeg processes started so far (handed out or waiting).
    public int Started => Volatile.Read(ref _started);

    // Starts a muxer for the next clip unless one with the same settings is waiting.
    public void Prepare(ClipMuxerSettings settings, int? probeSize = null)
    {
        Task<Prepared>? replaced;
        lock (_gate)
        {
            _probeSize = probeSize ?? _probeSize;
            if (_disposed || _prepared is { IsFaulted: false } waiting && (!waiting.IsCompleted || waiting.Result.Settings == settings))
            {
                return;
            }

            replaced = _prepared;
            int size = _probeSize;
            Interlocked.Increment(ref _started);
            _prepared = Task.Run(() =>
            {
                var output = new DeferredStage();
                return new Prepared(new FfmpegClipMuxer(settings, output, _binaryFolder, size), output, settings);
            });
        }

        _ = DiscardAsync(replaced);
    }

    public async ValueTask DisposeAsync()
    {
        Task<Prepared>? prepared;
        lock (_gate)
        {
            _disposed = true;
            prepared = _prepared;
            _prepared = null;
        }

        await DiscardAsync(prepared).ConfigureAwait(false);
    }

    private IClipMuxer Create(ClipMuxerSettings settings, IRecordingStage output)
    {
        Task<Prepared>? prepared;
        lock (_gate)
        {
            prepared = _prepared;
            _prepared = null;
        }

        IClipMuxer? muxer = null;
        if (prepared is not null)
        {
            try
            {
                // The factory is called on the writer task, which waits here for a muxer that is
                // still starting, as it would for one it started itself.
                Prepared waiting = prepared.GetAwaiter().GetResult();
                if (waiting.Settings == settings)
                {
                    waiting.Output.Attach(output);
                    muxer = waiting.Muxer;
                }
                else
                {
                    _ = waiting.Muxer.DisposeAsync().AsTask();
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // It could not be started; one is started the ordinary way, which reports why.
            }
        }

        if (muxer is null)
        {
            Interlocked.Increment(ref _started);
            muxer = new FfmpegClipMuxer(settings, output, _binaryFolder, probeSize: null);
        }

        Prepare(settings);
        return muxer;
    }

    private static async Task DiscardAsync(Task<Prepared>? prepared)
    {
        if (prepared is null)
        {
            return;
        }

        try
        {
            await (await prepared.ConfigureAwait(false)).Muxer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Nothing was recorded with it.
        }
    }

    private sealed record Prepared(IClipMuxer Muxer, DeferredStage Output, ClipMuxerSettings Settings);
}
