// One clip of a recording: its stage chain (boundary detector, SHA-256, durable file), its
// muxer, and what it holds. Opened at a keyframe, fed frames, closed into a sealed file with its
// manifest. Used on the writer task only; the chain runs on the muxer's output task.
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture.Recording;

internal sealed class ClipWriter
{
    private readonly ClipContext _context;
    private readonly DurableFileStage _file;
    private readonly Sha256Stage _hash;
    private readonly IClipMuxer _muxer;

    private ClipWriter(ClipContext context, int index, ClipMuxerSettings settings)
    {
        _context = context;
        Index = index;
        HasAudio = settings.IncludeAudio;
        string directory = context.Options.Directory;
        ManifestPath = Path.Combine(directory, RecordingNames.ManifestFileName(context.RecordingId, index));
        _file = new DurableFileStage(
            Path.Combine(directory, RecordingNames.ClipFileName(context.RecordingId, index)),
            progress => context.Services.Observer.Durable(context.RecordingId, index, progress));
        _hash = new Sha256Stage(_file);
        _muxer = context.Services.Muxers(settings, new Mp4FragmentBoundaryDetector(_hash));
    }

    public int Index { get; }

    public bool HasAudio { get; }

    public string ManifestPath { get; }

    public ClipStatistics Statistics { get; } = new();

    public List<ManifestEvent> Markers { get; } = [];

    public List<ManifestGap> Gaps { get; } = [];

    public string FilePath => _file.Path;

    // Starts the clip's muxer, which then waits for its input. Separate from WriteHeadAsync so
    // that the muxer process starts up while the session looks for the clip's first audio unit.
    // -probesize is the keyframe's elementary-stream size plus one byte; see WriteHeadAsync.
    public static ClipWriter Start(ClipContext context, int index, ReadOnlyMemory<byte> keyframeData, bool includeAudio)
    {
        var settings = new ClipMuxerSettings(
            TsUnitPayload.Length(keyframeData.Span) + 1, includeAudio, context.Options.FragmentDuration);
        return new ClipWriter(context, index, settings);
    }

    // The input starts with the program tables, the keyframe and (when the clip has audio) the
    // first audio unit, in one write: ffmpeg's packet-size probe throws away a partial first
    // read, and the probe size ends its stream probe right after these two units, so the MP4
    // header can name the audio parameters. See FfmpegClipMuxer.
    public async Task WriteHeadAsync(EncodedFrame keyframe, ReadOnlyMemory<byte> keyframeData, AudioHead? audio)
    {
        if (audio is null == HasAudio)
        {
            throw new InvalidOperationException("a clip with an audio track starts with an audio unit, and only then");
        }

        byte[] head = [.. _context.ProgramTables.Span, .. keyframeData.Span, .. audio?.Data ?? []];
        await _muxer.WriteAsync(head).ConfigureAwait(false);
        Statistics.OnVideo(keyframe, keyframeData.Span);
        if (audio is not null)
        {
            Statistics.OnAudio(audio.Frame, audio.Data);
        }
    }

    // A clip that will not be written after all (or failed before its head was written): stops
    // the muxer. It has written nothing, so there is no file and no manifest.
    public ValueTask AbandonAsync() => _muxer.DisposeAsync();

    public long StartVideoPts => Statistics.FirstVideoPts;

    public async ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> data)
    {
        await _muxer.WriteAsync(data).ConfigureAwait(false);
        if (frame.Kind == MediaStreamKind.Video)
        {
            Statistics.OnVideo(frame, data.Span);
        }
        else
        {
            Statistics.OnAudio(frame, data.Span);
        }
    }

    // Ends the muxer's input, waits for the file to be complete and synced, and writes the
    // manifest. Takes the muxer's flush of its last fragment and a few fsyncs; nothing is re-read.
    public async Task<(ClipManifest Manifest, ClipMuxerResult Result)> CloseAsync(ClipEnding ending)
    {
        ClipMuxerResult result;
        try
        {
            result = await _muxer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            await _muxer.DisposeAsync().ConfigureAwait(false);
        }

        ClipManifest manifest = BuildManifest(ending, result);
        ManifestJson.WriteAtomically(ManifestPath, manifest);
        return (manifest, result);
    }

    private ClipManifest BuildManifest(ClipEnding ending, ClipMuxerResult result)
    {
        RecordingTrigger trigger = _context.Trigger;
        ClipStatistics stats = Statistics;
        DateTimeOffset start = trigger.UtcOf(stats.FirstVideoPts);
        DateTimeOffset stop = trigger.UtcOf(stats.FirstVideoPts + stats.VideoSpan);
        long preRollTicks = Index == 1 ? Math.Max(0, trigger.PresentationTimestamp - stats.FirstVideoPts) : 0;
        return new ClipManifest
        {
            RecordingId = _context.RecordingId,
            ClipIndex = Index,
            FinalClip = ending.TriggerOff is not null,
            EndReason = ending.Reason,
            File = new ManifestFile(Path.GetFileName(FilePath), _hash.Length, Sha256Stage.AlgorithmName, _hash.Digest, "MP4 (ISO/IEC 14496-12), fragmented"),
            Device = new ManifestDevice(_context.Options.DeviceSerial, _context.Options.FirmwareVersion),
            OfficerId = _context.Options.OfficerId,
            TriggerOn = ManifestJson.Event(trigger.Request.Source.ToString(), trigger.Request.Time),
            TriggerOff = ending.TriggerOff,
            Clip = new ManifestSpan(
                ManifestJson.Utc(start), start.ToUnixTimeMilliseconds(), ManifestJson.Utc(stop), stop.ToUnixTimeMilliseconds(),
                Math.Round(stats.VideoSpan / (double)MediaClock.TicksPerSecond, 3)),
            PreRollSeconds = Math.Round(preRollTicks / (double)MediaClock.TicksPerSecond, 3),
            PreRollAudio = _context.Options.PreRollAudio,
            Frames = new ManifestFrames(
                stats.FirstSequence, stats.LastSequence, stats.VideoFrames, stats.AudioUnits, stats.PreRollAudioExcluded,
                stats.AudioWithoutTrack, stats.LostFrames, trigger.PresentationTimestamp, stats.FirstVideoPts, stats.LastVideoPts, stats.Discontinuities),
            Video = stats.Sps is { } sps ? new ManifestVideo("h264", sps.Profile, sps.Level, sps.Width, sps.Height, stats.FrameRate) : null,
            Audio = HasAudio && stats.Adts is { } adts ? new ManifestAudio("aac", adts.Profile, adts.SampleRate, adts.Channels) : null,
            Markers = Markers,
            Gaps = Gaps,
            Muxer = new ManifestMuxer("ffmpeg", _muxer.CommandLine, result.ExitCode, result.Diagnostics),
            ManifestWrittenUtc = ManifestJson.Utc(_context.Services.Time.GetUtcNow()),
        };
    }
}

// Shared by the clips of one recording.
internal sealed record ClipContext(
    string RecordingId, RecordingOptions Options, RecordingTrigger Trigger, RecordingServices Services, ReadOnlyMemory<byte> ProgramTables);

// The first audio unit of a clip, copied out of the buffer because it is written ahead of its turn.
internal sealed record AudioHead(EncodedFrame Frame, byte[] Data);

// Reason goes into EndReason; TriggerOff is set only when the recording ends with this clip.
internal sealed record ClipEnding(string Reason, ManifestEvent? TriggerOff)
{
    public static readonly ClipEnding Split = new("Split", null);

    public static ClipEnding Stop(StopReason reason, DateTimeOffset time) =>
        new(reason == StopReason.StorageFull ? "StorageFull" : "Stopped", ManifestJson.Event(reason.ToString(), time));

    public static ClipEnding Fault(DateTimeOffset time) => new("Fault", ManifestJson.Event("Fault", time));
}
