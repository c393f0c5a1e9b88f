namespace BodyCamDevice.Firmware.Capture;

// Frames a reader will never receive: sequence numbers FirstSequence..LastSequence inclusive,
// either evicted by the byte or frame cap before the reader got to them or refused on arrival.
// The media time lost is the distance between the timestamps of the frame the reader delivered
// before the gap and the one it delivers after it; the writer holds both.
public readonly record struct FrameGap(long FirstSequence, long LastSequence)
{
    public long Count => LastSequence - FirstSequence + 1;
}
