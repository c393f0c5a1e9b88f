namespace BodyCamDevice.Firmware.Capture;

// The ordered entries of the pre-record buffer, oldest first, in a fixed ring allocated up front,
// plus a second ring with the positions of the stored video keyframes (the GOP starts) so that
// eviction finds the next GOP boundary without scanning.
//
// Entries are addressed by a logical position that only grows (First..End-1); readers keep such
// positions, and a position below First means "evicted". Not thread-safe: the buffer calls it
// under its lock.
internal sealed class FrameIndex
{
    private readonly StoredFrame[] _frames;
    private readonly long[] _keyframes;
    private long _firstKeyframe;
    private long _endKeyframe;

    public FrameIndex(int capacity)
    {
        _frames = new StoredFrame[capacity];
        _keyframes = new long[capacity];
    }

    public int Capacity => _frames.Length;

    public long First { get; private set; }

    public long End { get; private set; }

    public int Count => (int)(End - First);

    public int KeyframeCount => (int)(_endKeyframe - _firstKeyframe);

    public ref readonly StoredFrame this[long position] => ref _frames[position % _frames.Length];

    // Position of the n-th oldest stored keyframe (0 = oldest).
    public long KeyframeAt(int n) => _keyframes[(_firstKeyframe + n) % _keyframes.Length];

    public long NewestKeyframe => KeyframeAt(KeyframeCount - 1);

    public void Add(in StoredFrame frame)
    {
        if (Count == Capacity)
        {
            throw new InvalidOperationException("frame index is full; the caller must evict first");
        }

        if (frame.Frame.IsKeyframe)
        {
            _keyframes[_endKeyframe % _keyframes.Length] = End;
            _endKeyframe++;
        }

        _frames[End % _frames.Length] = frame;
        End++;
    }

    // Drops entries First..end-1.
    public void RemoveBefore(long end)
    {
        while (KeyframeCount > 0 && KeyframeAt(0) < end)
        {
            _firstKeyframe++;
        }

        First = end;
    }
}
