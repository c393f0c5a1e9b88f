namespace BodyCamDevice.Firmware.Capture;

// What leaves the pre-record buffer, and when. The unit of eviction is a GOP: a video keyframe
// and every entry (video and audio) after it up to the next keyframe, so the oldest retained
// video frame is always a keyframe. Audio stored before the first keyframe is evicted frame by
// frame. Everything here runs on the producer thread under _gate.
public sealed partial class PreRecordBuffer
{
    // Time bound, after each stored frame. A GOP goes once the next keyframe is at least Duration
    // before the newest frame, so the recording gets between Duration and Duration plus one GOP;
    // with 0 s only the current GOP stays. Frames an active reader has not read yet never go
    // here: the recording must not lose frames just because it is slow.
    private void EvictByTime()
    {
        long limit = _newestWindowTime - _windowTicks;
        long unreadFrom = OldestUnreadPosition();
        while (_index.Count > 0)
        {
            long first = _index.First;
            long end;
            if (!_index[first].Frame.IsKeyframe)
            {
                // Audio ahead of the first keyframe: a recording starts at a keyframe, so once
                // one is stored this audio is useless; before that it ages like any frame.
                end = first + 1;
                bool expired = _index.KeyframeCount > 0 || (end < _index.End && _index[end].WindowTime <= limit);
                if (!expired)
                {
                    break;
                }
            }
            else
            {
                if (_index.KeyframeCount < 2)
                {
                    break;
                }

                end = _index.KeyframeAt(1);
                if (_index[end].WindowTime > limit)
                {
                    break;
                }
            }

            if (end > unreadFrom)
            {
                break;
            }

            Evict(end);
        }
    }

    // Byte and frame caps, before a frame is stored. Evicts whole GOPs, oldest first, read or not
    // (unread ones reach their readers as a gap), but never the GOP still being written: if that
    // GOP alone exceeds a cap, the new frame is refused and video waits for the next keyframe,
    // which replaces the whole GOP. A GOP's beginning plays without its end; its end is useless
    // without its beginning. Refuses without evicting anything when even that would not help,
    // e.g. while a reader holds the oldest bytes or the frame is larger than the arena.
    private bool MakeRoom(int length, bool isKeyframe)
    {
        long evictableEnd = isKeyframe || _index.KeyframeCount == 0 ? _index.End : _index.NewestKeyframe;
        bool indexWouldFit = _index.End - evictableEnd < _index.Capacity;
        if (!indexWouldFit || !_arena.Fits(length, OldestByteInUse(evictableEnd)))
        {
            return false;
        }

        while (_index.Count == _index.Capacity || !_arena.Fits(length, OldestByteInUse(_index.First)))
        {
            long first = _index.First;
            long end = !_index[first].Frame.IsKeyframe ? first + 1
                : _index.KeyframeCount >= 2 ? _index.KeyframeAt(1)
                : _index.End;
            Evict(end);
        }

        return true;
    }

    private void Evict(long end)
    {
        for (long position = _index.First; position < end; position++)
        {
            _bytesUsed -= _index[position].Frame.Length;
        }

        _droppedFrames += Math.Max(0, end - Math.Max(_index.First, OldestUnreadPosition()));
        _index.RemoveBefore(end);
    }

    // Index position of the oldest frame some reader has not read; long.MaxValue without readers.
    private long OldestUnreadPosition()
    {
        long oldest = long.MaxValue;
        for (int n = 0; n < _readers.Count; n++)
        {
            oldest = Math.Min(oldest, _readers[n].NextPosition);
        }

        return oldest;
    }

    // Oldest arena position that must not be overwritten if entries before firstKept were gone:
    // the first kept frame, or a frame a reader is still looking at.
    private long OldestByteInUse(long firstKept)
    {
        long oldest = firstKept < _index.End ? _index[firstKept].ByteStart : _arena.WritePosition;
        for (int n = 0; n < _readers.Count; n++)
        {
            long held = _readers[n].HeldByteStart;
            if (held >= 0)
            {
                oldest = Math.Min(oldest, held);
            }
        }

        return oldest;
    }
}
