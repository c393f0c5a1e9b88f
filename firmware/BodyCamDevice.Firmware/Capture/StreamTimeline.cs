namespace BodyCamDevice.Firmware.Capture;

// Maps one stream's timestamps onto the continuous "window time" the buffer evicts by, so an
// encoder restart inside the buffer does not break the time bound: timestamps that jump back
// to zero would otherwise keep every old frame forever, and a jump forward would evict the whole
// pre-record at once.
//
// A restart is a decode timestamp that goes backwards, or forwards by more than the maximum step,
// or a frame the producer flags as a discontinuity. The frame after a restart is placed one
// typical frame interval after the previous one; from then on the stream advances with its own
// timestamps. Each stream keeps its own offset, because audio and video see the restart at
// slightly different frames. All units are 90 kHz ticks. Used by the producer thread only.
internal struct StreamTimeline
{
    private bool _started;
    private long _lastDecodeTimestamp;
    private long _lastStep;
    private long _offset;

    public long ToWindowTime(long presentationTimestamp, long decodeTimestamp, long maximumStep, bool declaredDiscontinuity, out bool discontinuity)
    {
        if (!_started)
        {
            _started = true;
            discontinuity = declaredDiscontinuity;
        }
        else
        {
            long step = decodeTimestamp - _lastDecodeTimestamp;
            discontinuity = declaredDiscontinuity || step < 0 || step > maximumStep;
            if (discontinuity)
            {
                _offset = _lastDecodeTimestamp + _offset + _lastStep - decodeTimestamp;
            }
            else if (step > 0)
            {
                _lastStep = step;
            }
        }

        _lastDecodeTimestamp = decodeTimestamp;
        return presentationTimestamp + _offset;
    }
}
