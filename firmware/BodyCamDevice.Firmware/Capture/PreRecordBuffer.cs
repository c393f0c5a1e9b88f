namespace BodyCamDevice.Firmware.Capture;

// The pre-record buffer: the last Duration of encoded audio and video kept in memory, so that a
// recording triggered now starts before the trigger. It never touches storage. The recording
// writer opens a reader at the trigger, gets the backlog at once and then live frames without a
// gap or duplicate. README.md in this folder describes eviction, gaps, 0 s and encoder restarts.
//
// Memory: the byte arena and the frame index are allocated in full by the constructor; appending
// and reading allocate nothing, and a frame's bytes are copied once, by Append, into the arena.
//
// Threads: one producer thread calls Append; each reader is used by one consumer thread;
// OpenReader and GetStatistics may be called from any thread. A single lock (_gate) guards the
// index, the readers' positions and the counters, and is held only for bookkeeping. Append copies
// the payload outside the lock: it reserves a region under the lock, copies, and publishes the
// entry under the lock again. No reader can see the region before it is published and only the
// producer evicts, so the copy needs no lock; this is also why there must be a single producer.
public sealed partial class PreRecordBuffer
{
    private readonly Lock _gate = new();
    private readonly ByteArena _arena;
    private readonly FrameIndex _index;
    private readonly List<PreRecordReader> _readers = [];
    private readonly long _windowTicks;
    private readonly long _maximumStepTicks;
    private StreamTimeline _videoTimeline;
    private StreamTimeline _audioTimeline;
    private bool _videoDiscontinuityPending;
    private bool _audioDiscontinuityPending;

    // P-frames are useless without every frame back to their IDR: video is refused until the first
    // keyframe, and again after a video frame had to be refused or the encoder restarted mid-GOP.
    private bool _awaitingKeyframe = true;

    private long _nextSequence;
    private long _newestWindowTime;
    private long _bytesUsed;
    private long _droppedFrames;

    public PreRecordBuffer(PreRecordBufferOptions? options = null)
    {
        Options = options ?? new PreRecordBufferOptions();
        Options.Validate();
        _arena = new ByteArena(Options.ByteCapacity);
        _index = new FrameIndex(Options.FrameCapacity);
        _windowTicks = MediaClock.FromTimeSpan(Options.Duration);
        _maximumStepTicks = MediaClock.FromTimeSpan(Options.MaximumTimestampStep);
    }

    public PreRecordBufferOptions Options { get; }

    // Producer thread only. Timestamps in 90 kHz ticks, unwrapped. Never blocks and never throws
    // for lack of room: a frame that cannot be kept is refused (Stored = false) and any active
    // reader will see it inside a gap.
    public AppendResult Append(ReadOnlySpan<byte> data, MediaStreamKind kind, long presentationTimestamp, long decodeTimestamp, FrameFlags flags)
    {
        bool isVideo = kind == MediaStreamKind.Video;
        long sequence;
        long byteStart;
        long windowTime;
        lock (_gate)
        {
            sequence = _nextSequence;
            ref StreamTimeline timeline = ref isVideo ? ref _videoTimeline : ref _audioTimeline;
            ref bool discontinuityPending = ref isVideo ? ref _videoDiscontinuityPending : ref _audioDiscontinuityPending;
            bool declared = (flags & FrameFlags.Discontinuity) != 0;
            windowTime = timeline.ToWindowTime(presentationTimestamp, decodeTimestamp, _maximumStepTicks, declared, out bool discontinuity);
            discontinuityPending |= discontinuity;

            if (!TryReserve(data.Length, isVideo, isVideo && (flags & FrameFlags.Keyframe) != 0, discontinuity, out byteStart))
            {
                _nextSequence++;
                _droppedFrames++;
                return new AppendResult(sequence, Stored: false);
            }

            // The flag goes on the first frame actually stored after the restart.
            flags = discontinuityPending ? flags | FrameFlags.Discontinuity : flags & ~FrameFlags.Discontinuity;
            discontinuityPending = false;
        }

        data.CopyTo(_arena.WritableSpan(byteStart, data.Length));

        lock (_gate)
        {
            var frame = new EncodedFrame(sequence, kind, presentationTimestamp, decodeTimestamp, flags, data.Length);
            _index.Add(new StoredFrame(frame, byteStart, windowTime));
            _nextSequence++;
            _bytesUsed += data.Length;
            _newestWindowTime = _index.Count == 1 ? windowTime : Math.Max(_newestWindowTime, windowTime);
            EvictByTime();
        }

        return new AppendResult(sequence, Stored: true);
    }

    // A unit the producer received but will not store (damaged): it takes its sequence number, so
    // readers see it lost (a Gap), and video waits for the next keyframe (later frames reference it).
    public void Refuse(MediaStreamKind kind)
    {
        lock (_gate)
        {
            _nextSequence++;
            _droppedFrames++;
            _awaitingKeyframe |= kind == MediaStreamKind.Video;
        }
    }

    // Call at the trigger. The reader starts at the oldest retained keyframe, preferring the oldest
    // one that carries SPS/PPS; with a 0 s Duration that is the newest keyframe (the current GOP).
    // Before any keyframe has arrived it starts at whatever is retained (audio) or at the next
    // frame to come.
    public PreRecordReader OpenReader()
    {
        lock (_gate)
        {
            long start = StartPosition();
            long nextSequence = start < _index.End ? _index[start].Frame.Sequence : _nextSequence;
            var reader = new PreRecordReader(this, start, nextSequence);
            _readers.Add(reader);
            return reader;
        }
    }

    // A second cursor at another reader's position, for the recording writer to look ahead
    // (for the first audio unit after a keyframe) without consuming frames from its own reader.
    // Like any reader it keeps unread frames from being evicted by time until it is disposed.
    internal PreRecordReader OpenReaderAt(PreRecordReader position)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(position.IsDisposed, position);
            var reader = new PreRecordReader(this, position.NextPosition, position.NextSequence);
            _readers.Add(reader);
            return reader;
        }
    }

    public PreRecordStatistics GetStatistics()
    {
        lock (_gate)
        {
            long bufferedTicks = _index.Count == 0 ? 0 : Math.Max(0, _newestWindowTime - _index[_index.First].WindowTime);
            return new PreRecordStatistics(
                Options.Duration,
                MediaClock.ToTimeSpan(bufferedTicks),
                _bytesUsed,
                _arena.Capacity,
                _index.Count,
                _index.Capacity,
                _droppedFrames,
                _readers.Count);
        }
    }

    // For tests of the eviction invariants: the oldest retained frame, if any.
    internal EncodedFrame? OldestFrame
    {
        get
        {
            lock (_gate)
            {
                return _index.Count == 0 ? null : _index[_index.First].Frame;
            }
        }
    }

    internal ReadResult Read(PreRecordReader reader)
    {
        lock (_gate)
        {
            reader.HeldByteStart = -1;
            reader.NextPosition = Math.Max(reader.NextPosition, _index.First);
            if (reader.NextPosition < _index.End)
            {
                StoredFrame stored = _index[reader.NextPosition];
                if (stored.Frame.Sequence > reader.NextSequence)
                {
                    var gap = ReadResult.ForGap(reader.NextSequence, stored.Frame.Sequence - 1);
                    reader.NextSequence = stored.Frame.Sequence;
                    return gap;
                }

                reader.NextPosition++;
                reader.NextSequence = stored.Frame.Sequence + 1;
                reader.HeldByteStart = stored.ByteStart;
                return ReadResult.ForFrame(stored.Frame, _arena.View(stored.ByteStart, stored.Frame.Length));
            }

            if (_nextSequence > reader.NextSequence)
            {
                // Everything after the reader's position was refused or evicted and nothing
                // newer is stored yet.
                var gap = ReadResult.ForGap(reader.NextSequence, _nextSequence - 1);
                reader.NextSequence = _nextSequence;
                return gap;
            }

            return ReadResult.Empty;
        }
    }

    internal bool HasUnread(PreRecordReader reader)
    {
        lock (_gate)
        {
            return !reader.IsDisposed && _nextSequence > reader.NextSequence;
        }
    }

    internal void CloseReader(PreRecordReader reader)
    {
        lock (_gate)
        {
            if (!reader.IsDisposed)
            {
                reader.IsDisposed = true;
                reader.HeldByteStart = -1;
                _readers.Remove(reader);
            }
        }
    }

    private long StartPosition()
    {
        if (_index.KeyframeCount == 0)
        {
            return _index.First;
        }

        for (int n = 0; n < _index.KeyframeCount; n++)
        {
            long position = _index.KeyframeAt(n);
            if (_index[position].Frame.CarriesParameterSets)
            {
                return position;
            }
        }

        return _index.KeyframeAt(0);
    }

    private bool TryReserve(int length, bool isVideo, bool isKeyframe, bool discontinuity, out long byteStart)
    {
        byteStart = 0;
        if (isVideo)
        {
            if (isKeyframe)
            {
                _awaitingKeyframe = false;
            }
            else if (discontinuity)
            {
                _awaitingKeyframe = true;
            }

            if (_awaitingKeyframe)
            {
                return false;
            }
        }

        if (!MakeRoom(length, isKeyframe))
        {
            _awaitingKeyframe |= isVideo;
            return false;
        }

        byteStart = _arena.Reserve(length);
        return true;
    }
}
