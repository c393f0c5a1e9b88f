using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

// Stands in for the recording writer: drains a reader, checks every payload byte against
// FakeEncoder.Pattern, and keeps what it got in order.
internal sealed class RecordingWriter(PreRecordReader reader)
{
    public List<EncodedFrame> Frames { get; } = [];

    public List<FrameGap> Gaps { get; } = [];

    // Every sequence number seen, as a frame or inside a gap, in delivery order.
    public List<long> Sequences { get; } = [];

    public void Drain()
    {
        while (true)
        {
            ReadResult result = reader.Read();
            switch (result.Status)
            {
                case ReadStatus.Empty:
                    return;
                case ReadStatus.Gap:
                    Gaps.Add(result.Gap);
                    for (long sequence = result.Gap.FirstSequence; sequence <= result.Gap.LastSequence; sequence++)
                    {
                        Sequences.Add(sequence);
                    }

                    break;
                case ReadStatus.Frame:
                    Assert.That(result.Data.Length, Is.EqualTo(result.Frame.Length));
                    AssertPayload(result.Frame.Sequence, result.Data.Span);
                    Frames.Add(result.Frame);
                    Sequences.Add(result.Frame.Sequence);
                    break;
            }
        }
    }

    public static void AssertPayload(long sequence, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != FakeEncoder.Pattern(sequence, i))
            {
                Assert.Fail($"frame {sequence} byte {i} was overwritten");
            }
        }
    }
}
