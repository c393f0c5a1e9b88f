// One clip of a recording: its stage chain (boundary detector, SHA-256, MD5, durable file;
// encrypted: block alignment, plaintext SHA-256 and encryption in front of the stored bytes'
// SHA-256 and MD5), its
// muxer, and what it holds. Opened at a keyframe, fed frames, closed into a sealed file with its
// manifest (signed and chained when the services carry a sealer). After a synced fragment (at
// most once a second) the open clip's journal records the manifest it would get if cut off there.
// Used on the writer task only; the chain runs on the muxer's output task.
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Encryption;

namespace BodyCamDevice.Firmware.Capture.Recording;

internal sealed class ClipWriter
{
    private readonly ClipContext _context;
    private readonly DurableFileStage _file;
    private readonly Sha256Stage _hash;
    private readonly Sha256Stage? _plainHash;
    private readonly ClipEncryptionStage? _encryption;
    private readonly IRecordingStage _head;
    private readonly Md5Stage _md5;
    private IClipMuxer _muxer = null!;

    private ClipWriter(ClipContext context, int index, StreamClockSample anchor, bool includeAudio)
    {
        _context = context;
        Index = index;
        Anchor = anchor;
        HasAudio = includeAudio;
        string directory = context.Options.Directory;
        ManifestPath = Path.Combine(directory, RecordingNames.ManifestFileName(context.RecordingId, index));
        _file = new DurableFileStage(Path.Combine(directory, RecordingNames.ClipFileName(context.RecordingId, index)), OnDurable);
        _md5 = new Md5Stage(_file);
        _hash = new Sha256Stage(_md5);
        _head = _hash;
        if (context.Services.Evidence?.Encryption is { } destination)
        {
            _encryption = new ClipEncryptionStage(_hash, destination, Path.Combine(directory, RecordingNames.KeyObjectFileName(context.RecordingId, index)));
            _plainHash = new Sha256Stage(_encryption);
            _head = new Mp4BlockAlignStage(_plainHash);
        }
    }

    public int Index { get; }

    public string RecordingId => _context.RecordingId;

    // Ties this clip's frame timestamps to UTC (the trigger's mapping, or the restarted camera's).
    public StreamClockSample Anchor { get; }

    public bool HasAudio { get; }

    public string ManifestPath { get; }

    public ClipStatistics Statistics { get; } = new();

    public List<ManifestEvent> Markers { get; } = [];

    public List<ManifestGap> Gaps { get; } = [];

    public List<ManifestLocation> TrackPoints { get; } = [];

    // Wall-clock steps seen while this clip was written (RecordingSession's WallClockWatch).
    public List<ManifestClockStep> ClockSteps { get; } = [];

    public int DroppedTrackPoints { get; private set; }

    public void AddTrackPoint(ManifestLocation point, int maxPoints)
    {
        if (TrackPoints.Count < maxPoints)
        {
            TrackPoints.Add(point);
        }
        else
        {
            DroppedTrackPoints++;
        }
    }

    public string FilePath => _file.Path;

    // The clip's muxer, over its stage chain; nothing is written until the head comes. With audio
    // it is made before the session looks for the clip's first audio unit, and replaced by one
    // without if none comes.
    public static ClipWriter Start(ClipContext context, int index, StreamClockSample anchor, bool includeAudio)
    {
        var clip = new ClipWriter(context, index, anchor, includeAudio);
        clip._muxer = context.Services.Muxers(new ClipMuxerSettings(includeAudio, context.Options.FragmentDuration), new Mp4FragmentBoundaryDetector(clip._head));
        return clip;
    }

    // The clip's head: the program tables, the keyframe and (when the clip has audio) the first
    // audio unit, from which the muxer takes what the MP4 header says about each track.
    public async Task WriteHeadAsync(EncodedFrame keyframe, ReadOnlyMemory<byte> keyframeData, AudioHead? audio)
    {
        if (audio is null == HasAudio)
        {
            throw new InvalidOperationException("a clip with an audio track starts with an audio unit, and only then");
        }

        await _muxer.WriteHeadAsync(new ClipHead(_context.ProgramTables, keyframe, keyframeData, audio?.Frame, audio?.Data ?? default)).ConfigureAwait(false);
        Statistics.OnVideo(keyframe, keyframeData.Span);
        if (audio is not null)
        {
            Statistics.OnAudio(audio.Frame, audio.Data);
        }
    }

    // A clip that will not be written after all (or failed before its head was written): stops
    // the muxer. It has written nothing, so there is no file and no manifest.
    public async ValueTask AbandonAsync()
    {
        await _muxer.DisposeAsync().ConfigureAwait(false);
        _hash.Dispose();
        _plainHash?.Dispose();
        _encryption?.Dispose();
        _md5.Dispose();
    }

    public long StartVideoPts => Statistics.FirstVideoPts;

    public async ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> data)
    {
        await _muxer.WriteAsync(frame, data).ConfigureAwait(false);
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

        var file = new ManifestFile(Path.GetFileName(FilePath), _hash.Length, Sha256Stage.AlgorithmName, _hash.Digest, Container)
        {
            Md5 = _md5.Digest,
            PlaintextSizeBytes = _plainHash?.Length,
            PlaintextHash = _plainHash?.Digest,
        };
        ClipManifest manifest = BuildManifest(ending, file, new ManifestMuxer(_muxer.Program, result.Diagnostics));
        if (_context.Services.Evidence?.Encryption is { } destination)
        {
            manifest = WithLocationsEncrypted(manifest, destination);
        }

        _hash.Dispose();
        _plainHash?.Dispose();
        _md5.Dispose();
        if (_context.Services.Evidence?.Sealer is { } sealer)
        {
            manifest = sealer.Seal(ManifestPath, manifest).Manifest;
        }
        else
        {
            ManifestJson.WriteAtomically(ManifestPath, manifest);
        }

        return (manifest, result);
    }

    private const string Container = "MP4 (ISO/IEC 14496-12), fragmented";

    // The journal is replaced at most this often: a backlog of 30 fragments synced within 0.1 s
    // after a trigger must not cost 30 journal writes (each a write and two fsyncs).
    private static readonly TimeSpan JournalInterval = TimeSpan.FromSeconds(1);

    private long? _lastJournal;

    // On the chain's task, after each sync. The journal then holds what the synced fragments do.
    private void OnDurable(DurableProgress progress)
    {
        _context.Services.Observer.Durable(_context.RecordingId, Index, progress);
        TimeProvider time = _context.Services.Time;
        if (_context.Services.Evidence?.Journal is { } journal && progress.Fragments > 0 && progress.Segment is not null
            && (_lastJournal is not { } last || time.GetElapsedTime(last) >= JournalInterval))
        {
            _lastJournal = time.GetTimestamp();
            var file = new ManifestFile(Path.GetFileName(FilePath), progress.DurableBytes, Sha256Stage.AlgorithmName, "", Container);
            ClipManifest cutOff = BuildManifest(ClipEnding.Interrupted, file, new ManifestMuxer(_muxer.Program, []));
            if (_encryption is not null)
            {
                // Where an encrypted clip was taken is never written in clear, not even here; a
                // clip cut off loses its locations.
                cutOff = cutOff with { LocationAtTriggerOn = null, LocationAtTriggerOff = null, Track = null };
            }

            journal.Record(cutOff);
        }
    }

    // The clip's locations into their encrypted file beside it, out of the manifest.
    private ClipManifest WithLocationsEncrypted(ClipManifest manifest, DestinationKey destination)
    {
        if (manifest.LocationAtTriggerOn is null && manifest.LocationAtTriggerOff is null && manifest.Track is null)
        {
            return manifest;
        }

        DateTimeOffset start = Anchor.UtcAt(Statistics.FirstVideoPts);
        byte[] plaintext = EncryptedTrackFile.Format(start, manifest.LocationAtTriggerOn, manifest.LocationAtTriggerOff, manifest.Track);
        ManifestEncryptedTrack track = EncryptedTrackFile.Write(
            _context.Options.Directory, EncryptedTrackFile.FileName(_context.RecordingId, Index), plaintext, destination);
        return manifest with { LocationAtTriggerOn = null, LocationAtTriggerOff = null, Track = null, EncryptedTrack = track };
    }

    private ClipManifest BuildManifest(ClipEnding ending, ManifestFile file, ManifestMuxer muxer)
    {
        RecordingTrigger trigger = _context.Trigger;
        ClipStatistics stats = Statistics;
        DateTimeOffset start = Anchor.UtcAt(stats.FirstVideoPts);
        DateTimeOffset stop = Anchor.UtcAt(stats.FirstVideoPts + stats.VideoSpan);
        long preRollTicks = Index == 1 ? Math.Max(0, trigger.PresentationTimestamp - stats.FirstVideoPts) : 0;
        return new ClipManifest
        {
            RecordingId = _context.RecordingId,
            ClipIndex = Index,
            FinalClip = ending.TriggerOff is not null,
            EndReason = ending.Reason,
            File = file,
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
            TimeAnchor = new ManifestTimeAnchor(Anchor.Pts, ManifestJson.Utc(Anchor.ArrivedUtc), Anchor.ArrivedUtc.ToUnixTimeMilliseconds()),
            Markers = Markers,
            Gaps = Gaps,
            Muxer = muxer,
            ManifestWrittenUtc = ManifestJson.Utc(_context.Services.Time.GetUtcNow()),
            LocationAtTriggerOn = ManifestJson.Location(trigger.Request.Location),
            LocationAtTriggerOff = ending.TriggerOff is not null ? ManifestJson.Location(ending.StopLocation) : null,
            Track = trigger.Request.Location is not null || TrackPoints.Count > 0 ? new ManifestTrack([.. TrackPoints], DroppedTrackPoints) : null,
            Encryption = _encryption?.KeyObjectSha256 is not null ? _encryption.Describe() : null,
            Clock = _context.Services.ClockSync?.Latest,
            ClockSteps = [.. ClockSteps],
        };
    }
}

// Shared by the clips of one recording.
internal sealed record ClipContext(
    string RecordingId, RecordingOptions Options, RecordingTrigger Trigger, RecordingServices Services, ReadOnlyMemory<byte> ProgramTables);

// The first audio unit of a clip, copied out of the buffer because it is written ahead of its turn.
internal sealed record AudioHead(EncodedFrame Frame, byte[] Data);

// Reason goes into EndReason; TriggerOff is set only when the recording ends with this clip,
// StopLocation only when the stop request carried one.
internal sealed record ClipEnding(string Reason, ManifestEvent? TriggerOff, LocationSample? StopLocation = null)
{
    public static readonly ClipEnding Split = new("Split", null);

    public static ClipEnding Stop(StopReason reason, DateTimeOffset time, LocationSample? location = null) =>
        new(reason == StopReason.StorageFull ? "StorageFull" : "Stopped", ManifestJson.Event(reason.ToString(), time), location);

    // The camera failed; the recording goes on in the next clip once it is back.
    public static readonly ClipEnding CameraFault = new("CameraFault", null);

    public static ClipEnding Fault(DateTimeOffset time) => new("Fault", ManifestJson.Event("Fault", time));

    // Cut off before it was sealed (the open clip's journal; TornClipRecovery).
    public static readonly ClipEnding Interrupted = new("Interrupted", null);
}
