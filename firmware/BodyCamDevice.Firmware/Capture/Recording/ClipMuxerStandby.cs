// Keeps one muxer process started and waiting for input, so that a trigger (or the next clip of
// a long recording) does not wait for ffmpeg to start: ~100-180 ms here, more on the device, and
// the largest part of the time from trigger to footage on storage. The waiting ffmpeg uses no CPU
// and a few MB of memory.
//
// A prepared muxer's probe size cannot be the exact one (the keyframe it will start with is not
// known yet), so it is the size of a recent keyframe plus one byte. The probe then ends after the
// clip's first audio unit and keyframe if that keyframe is at least as large, or a few frames
// later if it is smaller; either way the audio parameters are read (any keyframe is larger than
// an audio unit). See FfmpegClipMuxer.
//
// Threads: Prepare and Take may be called from any thread; the process is started on the thread
// pool. Dispose stops a muxer still waiting.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class ClipMuxerStandby : IAsyncDisposable
{
    // Before any keyframe has been seen: about one keyframe at 8 Mbit/s 720p.
    public const int DefaultProbeSize = 64 * 1024;

    private readonly ClipMuxerFactory _factory;
    private readonly TimeSpan _fragmentDuration;
    private readonly Lock _gate = new();
    private Task<Prepared>? _prepared;
    private bool _disposed;

    public ClipMuxerStandby(ClipMuxerFactory factory, TimeSpan fragmentDuration)
    {
        _factory = factory;
        _fragmentDuration = fragmentDuration;
    }

    // Starts a muxer for the next clip unless one with the same audio setting is waiting.
    public void Prepare(bool includeAudio, int probeSize = DefaultProbeSize)
    {
        Task<Prepared>? replaced;
        lock (_gate)
        {
            if (_disposed || _prepared is { IsFaulted: false } waiting && (!waiting.IsCompleted || waiting.Result.IncludeAudio == includeAudio))
            {
                return;
            }

            replaced = _prepared;
            var settings = new ClipMuxerSettings(probeSize, includeAudio, _fragmentDuration);
            _prepared = Task.Run(() =>
            {
                var output = new DeferredStage();
                return new Prepared(_factory(settings, output), output, includeAudio);
            });
        }

        _ = DiscardAsync(replaced);
    }

    // The waiting muxer and its output, if it matches; the caller owns both from then on.
    internal async Task<(IClipMuxer Muxer, DeferredStage Output)?> TakeAsync(bool includeAudio)
    {
        Task<Prepared>? prepared;
        lock (_gate)
        {
            prepared = _prepared;
            _prepared = null;
        }

        if (prepared is null)
        {
            return null;
        }

        try
        {
            Prepared muxer = await prepared.ConfigureAwait(false);
            if (muxer.IncludeAudio == includeAudio)
            {
                return (muxer.Muxer, muxer.Output);
            }

            await muxer.Muxer.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // It could not be started; the caller starts one the ordinary way, which reports why.
        }

        return null;
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

    private sealed record Prepared(IClipMuxer Muxer, DeferredStage Output, bool IncludeAudio);
}
