using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

// Feeds a PreRecordBuffer like the camera's encoder reader: 30 fps video with a keyframe (carrying
// SPS/PPS) every GopLength frames, optionally AAC audio at 48 kHz (1024 samples = 1920 ticks),
// interleaved in timestamp order. Payload byte i of the frame with sequence s is Pattern(s, i), so
// a reader can check every byte it gets. Reuses one scratch array: appending allocates nothing.
internal sealed class FakeEncoder
{
    public const long VideoStep = 3000;
    public const long AudioStep = 1920;

    private readonly PreRecordBuffer _buffer;
    private readonly byte[] _scratch;
    private int _framesSinceKeyframe;

    public FakeEncoder(PreRecordBuffer buffer, int maximumFrameSize = 64 * 1024)
    {
        _buffer = buffer;
        _scratch = new byte[maximumFrameSize];
    }

    public int GopLength { get; set; } = 30;

    public int KeyframeSize { get; set; } = 4000;

    public int PredictedFrameSize { get; set; } = 1000;

    public int AudioFrameSize { get; set; } = 200;

    public bool WithAudio { get; set; }

    public long VideoTimestamp { get; set; }

    public long AudioTimestamp { get; set; }

    // Sequence the buffer will assign next, as long as this is its only producer.
    public long NextSequence { get; private set; }

    public static byte Pattern(long sequence, int index) => (byte)((sequence * 131) + (index * 7));

    public void AppendSeconds(double seconds)
    {
        long end = VideoTimestamp + (long)(seconds * 90_000);
        while (VideoTimestamp < end)
        {
            while (WithAudio && AudioTimestamp <= VideoTimestamp)
            {
                AppendAudio();
            }

            AppendVideo();
        }
    }

    public AppendResult AppendVideo(FrameFlags extraFlags = FrameFlags.None)
    {
        bool keyframe = _framesSinceKeyframe % GopLength == 0;
        _framesSinceKeyframe++;
        FrameFlags flags = keyframe ? FrameFlags.Keyframe | FrameFlags.ParameterSets : FrameFlags.None;
        int size = keyframe ? KeyframeSize : PredictedFrameSize;
        AppendResult result = Append(MediaStreamKind.Video, VideoTimestamp, size, flags | extraFlags);
        VideoTimestamp += VideoStep;
        return result;
    }

    public AppendResult AppendAudio()
    {
        AppendResult result = Append(MediaStreamKind.Audio, AudioTimestamp, AudioFrameSize, FrameFlags.None);
        AudioTimestamp += AudioStep;
        return result;
    }

    // An encoder restart: timestamps start again at `timestamp` and the next video frame is an IDR.
    public void Restart(long timestamp)
    {
        VideoTimestamp = timestamp;
        AudioTimestamp = timestamp;
        _framesSinceKeyframe = 0;
    }

    // The next video frame is a P-frame even if a keyframe was due.
    public void SkipKeyframe() => _framesSinceKeyframe = 1;

    private AppendResult Append(MediaStreamKind kind, long timestamp, int size, FrameFlags flags)
    {
        Span<byte> payload = _scratch.AsSpan(0, size);
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = Pattern(NextSequence, i);
        }

        AppendResult result = _buffer.Append(payload, kind, timestamp, timestamp, flags);
        NextSequence = result.Sequence + 1;
        return result;
    }
}
