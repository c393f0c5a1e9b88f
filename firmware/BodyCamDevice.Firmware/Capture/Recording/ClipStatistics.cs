// What a clip holds, counted as its frames go to the muxer, for the manifest: the run of sequence
// numbers read for it, frames and audio units written or left out, the timestamps it spans, the
// frame interval, and the codec parameters from its first keyframe and first audio unit.
// Used on the writer task only.
namespace BodyCamDevice.Firmware.Capture.Recording;

internal sealed class ClipStatistics
{
    // The SPS lies within the first few hundred bytes of a keyframe; an ADTS header is 7 bytes.
    private const int CodecHeaderBytes = 1024;
    private const int MaximumIntervals = 32;

    private readonly Dictionary<long, long> _intervalCounts = [];
    private long _lastVideoDts;

    public long FirstSequence { get; private set; } = -1;

    public long LastSequence { get; private set; } = -1;

    public long VideoFrames { get; private set; }

    public long AudioUnits { get; private set; }

    public long PreRollAudioExcluded { get; private set; }

    public long AudioWithoutTrack { get; private set; }

    public long LostFrames { get; private set; }

    public long FirstVideoPts { get; private set; }

    public long LastVideoPts { get; private set; }

    public List<long> Discontinuities { get; } = [];

    public H264SequenceParameterSet? Sps { get; private set; }

    public AdtsHeader? Adts { get; private set; }

    // The most common step between video decode timestamps: one frame, in 90 kHz ticks.
    public long FrameInterval => _intervalCounts.Count == 0 ? 0 : _intervalCounts.MaxBy(pair => pair.Value).Key;

    public double FrameRate => FrameInterval == 0 ? 0 : Math.Round(MediaClock.TicksPerSecond / (double)FrameInterval, 3);

    // Media time from the first video frame to the end of the last, in 90 kHz ticks.
    public long VideoSpan => VideoFrames == 0 ? 0 : LastVideoPts - FirstVideoPts + FrameInterval;

    public void OnVideo(in EncodedFrame frame, ReadOnlySpan<byte> packets)
    {
        Saw(frame.Sequence);
        if (VideoFrames == 0)
        {
            FirstVideoPts = frame.PresentationTimestamp;
            LastVideoPts = frame.PresentationTimestamp;
            Sps = H264SequenceParameterSet.Find(Prefix(packets, stackalloc byte[CodecHeaderBytes]));
        }
        else
        {
            long step = frame.DecodeTimestamp - _lastVideoDts;
            if (step > 0 && !frame.IsDiscontinuity && (_intervalCounts.Count < MaximumIntervals || _intervalCounts.ContainsKey(step)))
            {
                _intervalCounts[step] = _intervalCounts.GetValueOrDefault(step) + 1;
            }

            LastVideoPts = Math.Max(LastVideoPts, frame.PresentationTimestamp);
        }

        if (frame.IsDiscontinuity)
        {
            Discontinuities.Add(frame.Sequence);
        }

        _lastVideoDts = frame.DecodeTimestamp;
        VideoFrames++;
    }

    public void OnAudio(in EncodedFrame frame, ReadOnlySpan<byte> packets)
    {
        Saw(frame.Sequence);
        if (AudioUnits == 0)
        {
            Adts = AdtsHeader.TryParse(Prefix(packets, stackalloc byte[16]));
        }

        AudioUnits++;
    }

    public void OnPreRollAudioExcluded(long sequence)
    {
        Saw(sequence);
        PreRollAudioExcluded++;
    }

    public void OnAudioWithoutTrack(long sequence)
    {
        Saw(sequence);
        AudioWithoutTrack++;
    }

    public void OnLost(FrameGap gap)
    {
        Saw(gap.FirstSequence);
        Saw(gap.LastSequence);
        LostFrames += gap.Count;
    }

    // Sequence numbers may arrive out of order only for the audio unit written ahead of its turn
    // (see RecordingSession); the range still covers exactly what was read for the clip.
    public void Saw(long sequence)
    {
        FirstSequence = FirstSequence < 0 ? sequence : Math.Min(FirstSequence, sequence);
        LastSequence = Math.Max(LastSequence, sequence);
    }

    private static ReadOnlySpan<byte> Prefix(ReadOnlySpan<byte> packets, Span<byte> buffer) =>
        buffer[..TsUnitPayload.CopyPrefix(packets, buffer)];
}
