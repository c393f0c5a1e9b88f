namespace BodyCamDevice.Firmware.Capture;

// One step of a reader. For ReadStatus.Frame, Data is a view of the buffer's own memory (no copy)
// and stays valid until the same reader's next Read or Dispose; the producer will refuse frames
// rather than overwrite it. For ReadStatus.Gap, Gap says which sequence numbers were lost.
public readonly record struct ReadResult(
    ReadStatus Status,
    EncodedFrame Frame,
    ReadOnlyMemory<byte> Data,
    FrameGap Gap)
{
    internal static ReadResult Empty => default;

    internal static ReadResult ForFrame(EncodedFrame frame, ReadOnlyMemory<byte> data) =>
        new(ReadStatus.Frame, frame, data, default);

    internal static ReadResult ForGap(long firstSequence, long lastSequence) =>
        new(ReadStatus.Gap, default, default, new FrameGap(firstSequence, lastSequence));
}
