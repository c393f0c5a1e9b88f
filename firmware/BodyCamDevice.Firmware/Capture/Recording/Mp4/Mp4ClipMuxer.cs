// One clip's muxer, in process: turns the H.264 and AAC access units the pre-record buffer holds
// (each as its MPEG-TS packets) into fragmented MP4 and pushes it into the clip's stage chain.
// No second process, no pipe, no probing: the recording's bytes go from the buffer to the hash and
// the file on the writer task, which is what makes a 30 s pre-roll durable in a fraction of the
// time a remuxing ffmpeg takes (`./dev bench recording`).
//
// What it writes (ISO/IEC 14496-12 and 14496-15), in the layout of ffmpeg's
// frag_keyframe+empty_moov+delay_moov+default_base_moof:
// - The init segment (ftyp, moov) as soon as the head is in: SPS/PPS from the clip's first
//   keyframe, the AudioSpecificConfig from its first audio unit's ADTS header, and an edit list
//   per track putting its first sample at its true time (pre-roll video before the trigger's
//   audio, say).
// - A fragment (moof, mdat) ending before every keyframe, and before any frame that would make it
//   longer than FragmentDuration. Video samples are the access units' NAL units behind 4-byte
//   lengths, every NAL unit kept; audio samples are the AAC frames without their ADTS headers. The
//   fragment being built lives in memory until it ends (the next keyframe, at most
//   FragmentDuration): that is what a crash can lose, as with ffmpeg.
// - Decode times are the encoder's timestamps, never a counted frame rate; see Mp4Timeline.
//
// Threads: everything runs on the caller's task (the recording's writer task), one call at a
// time; the chain's stages are driven from here.
namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

public sealed class Mp4ClipMuxer : IClipMuxer
{
    public const string ProgramName = "bodycam";

    // A 30 fps frame: the last video frame's duration until a step has been seen.
    private const long DefaultVideoStep = MediaClock.TicksPerSecond / 30;

    private readonly ClipMuxerSettings _settings;
    private readonly IRecordingStage _output;
    private readonly long _fragmentTicks;
    private readonly Mp4BoxWriter _box = new();
    private readonly Mp4TrackFragment _video = new(Mp4InitSegment.VideoTrackId, 1024 * 1024);
    private readonly Mp4TrackFragment _audio = new(Mp4InitSegment.AudioTrackId, 16 * 1024);

    // The elementary stream of the unit being added, taken out of its TS packets.
    private byte[] _elementary = new byte[256 * 1024];

    private Mp4Timeline? _videoTime;
    private Mp4Timeline? _audioTime;
    private int _audioRate;

    // Where the latest audio sample ends, in samples on the audio track's timeline.
    private long _audioEnd;

    // mfhd sequence numbers: 1 for the clip's first fragment, one more for each after it.
    private uint _fragments;

    // Units whose bytes held no NAL unit or no readable ADTS frame: left out of the file, and
    // named in the manifest's muxer messages.
    private int _unreadableVideo;
    private int _unreadableAudio;
    private Exception? _failure;
    private Task<ClipMuxerResult>? _completion;

    private Mp4ClipMuxer(ClipMuxerSettings settings, IRecordingStage output)
    {
        _settings = settings;
        _output = output;
        _fragmentTicks = MediaClock.FromTimeSpan(settings.FragmentDuration);
    }

    public string Program => ProgramName;

    public static ClipMuxerFactory Factory() => static (settings, output) => new Mp4ClipMuxer(settings, output);

    public async ValueTask WriteHeadAsync(ClipHead head, CancellationToken cancellationToken = default)
    {
        if (_videoTime is not null)
        {
            throw new InvalidOperationException("the head is written once, first");
        }

        if (head.Audio is null == _settings.IncludeAudio)
        {
            throw new InvalidOperationException("a clip with an audio track starts with an audio unit, and only then");
        }

        EncodedFrame keyframe = head.Keyframe;
        ReadOnlySpan<byte> annexB = Elementary(head.KeyframePackets.Span);
        byte[] sps = H264AnnexB.Find(annexB, H264AnnexB.NalTypeSps).ToArray();
        byte[] pps = H264AnnexB.Find(annexB, H264AnnexB.NalTypePps).ToArray();
        H264SequenceParameterSet? parameters = H264SequenceParameterSet.Parse(sps);
        if (sps.Length < 4 || pps.Length == 0 || parameters is null)
        {
            throw new InvalidDataException(
                $"the clip's first keyframe (frame {keyframe.Sequence}) carries no readable SPS and PPS: the encoder must repeat them on every keyframe");
        }

        // The clip starts with whichever track is presented first.
        long start = head.Audio is { } first ? Math.Min(keyframe.PresentationTimestamp, first.PresentationTimestamp) : keyframe.PresentationTimestamp;
        var video = new Mp4VideoTrackFormat(
            sps, pps, parameters, new Mp4TrackStart(keyframe.PresentationTimestamp - start, keyframe.PresentationTimestamp - keyframe.DecodeTimestamp));
        _videoTime = new Mp4Timeline(keyframe.DecodeTimestamp, DefaultVideoStep);
        AddVideo(keyframe, annexB, 0);

        Mp4AudioTrackFormat? audio = null;
        if (head.Audio is { } audioUnit)
        {
            ReadOnlySpan<byte> adts = Elementary(head.AudioPackets.Span);
            AdtsHeader header = AdtsHeader.TryParse(adts)
                ?? throw new InvalidDataException($"the clip's first audio unit (frame {audioUnit.Sequence}) starts with no readable ADTS header");
            audio = new Mp4AudioTrackFormat(header, new Mp4TrackStart(audioUnit.PresentationTimestamp - start, 0));
            _audioRate = header.SampleRate;
            _audioTime = new Mp4Timeline(audioUnit.DecodeTimestamp, Mp4AudioTrackFormat.SamplesPerFrame * MediaClock.TicksPerSecond / _audioRate);
            AddAudio(adts, 0);
        }

        _box.Reset();
        Mp4InitSegment.Write(_box, video, audio);
        await OutputAsync(_box.Written, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> packets, CancellationToken cancellationToken = default)
    {
        if (_videoTime is null)
        {
            throw new InvalidOperationException("write the clip's head first");
        }

        if (_failure is not null)
        {
            throw new IOException($"the clip can no longer be written: {_failure.Message}", _failure);
        }

        if (frame.Kind == MediaStreamKind.Video)
        {
            long time = _videoTime.Place(frame.DecodeTimestamp);
            if (_video.Count > 0 && (frame.IsKeyframe || time - _video.FirstTime >= _fragmentTicks))
            {
                await WriteFragmentAsync(time, cancellationToken).ConfigureAwait(false);
            }

            AddVideo(frame, Elementary(packets.Span), time);
        }
        else if (_audioTime is not null)
        {
            // A clip without an audio track ignores audio, as the session counts it.
            long time = _audioTime.Place(frame.DecodeTimestamp);
            AddAudio(Elementary(packets.Span), time);
        }
    }

    public Task<ClipMuxerResult> CompleteAsync(CancellationToken cancellationToken = default) =>
        _completion ??= FinishAsync();

    // Without CompleteAsync first (an abandoned clip): what was added is still written, synced
    // and closed; a clip whose head never came leaves no file.
    public async ValueTask DisposeAsync() => await CompleteAsync().ConfigureAwait(false);

    private async Task<ClipMuxerResult> FinishAsync()
    {
        if (_failure is null && _videoTime is not null && _video.Count > 0)
        {
            try
            {
                await WriteFragmentAsync(_video.LastTime + _videoTime.Step, CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Recorded in _failure.
            }
        }

        try
        {
            await _output.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _failure ??= exception;
        }

        List<string> messages = [];
        if (_unreadableVideo > 0)
        {
            messages.Add($"{_unreadableVideo} video frame(s) held no H.264 NAL unit and were left out");
        }

        if (_unreadableAudio > 0)
        {
            messages.Add($"{_unreadableAudio} audio unit(s) held no readable ADTS frame and were left out");
        }

        return new ClipMuxerResult(messages, _failure);
    }

    private void AddVideo(EncodedFrame frame, ReadOnlySpan<byte> annexB, long time)
    {
        int size = H264AnnexB.WriteLengthPrefixed(annexB, _video.Payload);
        if (size == 0)
        {
            _unreadableVideo++;
            return;
        }

        _video.Add(new Mp4Sample(time, size, (int)(frame.PresentationTimestamp - frame.DecodeTimestamp), frame.IsKeyframe));
    }

    // A unit may hold several ADTS frames, each 1024 samples after the one before.
    private void AddAudio(ReadOnlySpan<byte> adts, long time)
    {
        long sampleTime = (time * _audioRate + MediaClock.TicksPerSecond / 2) / MediaClock.TicksPerSecond;
        int before = _audio.Count;
        while (AdtsHeader.TryReadFrame(adts, out int headerLength, out int frameLength))
        {
            ReadOnlySpan<byte> raw = adts[headerLength..frameLength];
            raw.CopyTo(_audio.Payload.GetSpan(raw.Length));
            _audio.Payload.Advance(raw.Length);
            _audio.Add(new Mp4Sample(sampleTime, raw.Length, 0, Sync: true));
            sampleTime += Mp4AudioTrackFormat.SamplesPerFrame;
            _audioEnd = sampleTime;
            adts = adts[frameLength..];
        }

        if (_audio.Count == before)
        {
            _unreadableAudio++;
        }
    }

    // videoEnd: when the fragment's last video frame ends (the next frame's time).
    private async ValueTask WriteFragmentAsync(long videoEnd, CancellationToken cancellationToken)
    {
        if (_video.Count == 0 && _audio.Count == 0)
        {
            return;
        }

        _box.Reset();
        int moof = _box.Begin("moof");
        int mfhd = _box.BeginFull("mfhd", 0, 0);
        _box.UInt32(++_fragments);
        _box.End(mfhd);
        int videoData = _video.Count > 0 ? _video.WriteTrackFragment(_box, videoEnd) : -1;
        int audioData = _audio.Count > 0 ? _audio.WriteTrackFragment(_box, _audioEnd) : -1;
        _box.End(moof);

        // The data offsets count from the moof's first byte (default-base-is-moof).
        int videoBytes = _video.PayloadBytes.Length;
        int audioBytes = _audio.PayloadBytes.Length;
        int mdatStart = _box.Length;
        if (videoData >= 0)
        {
            _box.Patch(videoData, mdatStart + 8);
        }

        if (audioData >= 0)
        {
            _box.Patch(audioData, mdatStart + 8 + videoBytes);
        }

        _box.UInt32(checked((uint)(8 + videoBytes + audioBytes)));
        _box.FourCc("mdat");
        await OutputAsync(_box.Written, cancellationToken).ConfigureAwait(false);
        await OutputAsync(_video.PayloadBytes, cancellationToken).ConfigureAwait(false);
        await OutputAsync(_audio.PayloadBytes, cancellationToken).ConfigureAwait(false);
        _video.Clear();
        _audio.Clear();
    }

    private async ValueTask OutputAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        try
        {
            await _output.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _failure = exception;
            throw new IOException($"writing the clip failed: {exception.Message}", exception);
        }
    }

    // The unit's elementary-stream bytes, in a buffer reused for the next unit.
    private ReadOnlySpan<byte> Elementary(ReadOnlySpan<byte> packets)
    {
        int length = TsUnitPayload.Length(packets);
        if (length > _elementary.Length)
        {
            _elementary = new byte[Math.Max(length, _elementary.Length * 2)];
        }

        return _elementary.AsSpan(0, TsUnitPayload.CopyPrefix(packets, _elementary.AsSpan(0, length)));
    }
}
