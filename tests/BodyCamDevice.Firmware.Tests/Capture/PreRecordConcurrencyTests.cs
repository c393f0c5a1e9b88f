using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

// The encoder reader and the recording writer on two threads, with a small arena so that the
// arena wraps thousands of times and the writer sometimes falls behind the byte cap.
public sealed class PreRecordConcurrencyTests
{
    private const int FrameCount = 30_000;

    [Test]
    [CancelAfter(60_000)]
    public async Task Producer_and_reader_on_two_threads_deliver_every_byte_in_order_or_report_a_gap()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(0.5), ByteCapacity = 256 * 1024 });
        using PreRecordReader reader = buffer.OpenReader();
        int producerDone = 0;

        Task producer = Task.Factory.StartNew(
            () =>
            {
                byte[] scratch = new byte[8000];
                for (long sequence = 0; sequence < FrameCount; sequence++)
                {
                    Span<byte> payload = scratch.AsSpan(0, SizeOf(sequence));
                    Fill(sequence, payload);
                    FrameFlags flags = sequence % 30 == 0 ? FrameFlags.Keyframe | FrameFlags.ParameterSets : FrameFlags.None;
                    buffer.Append(payload, MediaStreamKind.Video, sequence * 3000, sequence * 3000, flags);
                }

                Volatile.Write(ref producerDone, 1);
            },
            TaskCreationOptions.LongRunning);

        var delivered = new List<long>(FrameCount);
        var gaps = new List<FrameGap>();
        ulong checksum = 0;
        long corruptFrames = 0;
        Task consumer = Task.Factory.StartNew(
            () =>
            {
                long expected = 0;
                while (expected < FrameCount)
                {
                    bool finished = Volatile.Read(ref producerDone) == 1;
                    ReadResult result = reader.Read();
                    if (result.Status == ReadStatus.Frame)
                    {
                        delivered.Add(result.Frame.Sequence);
                        checksum = Checksum(checksum, result.Data.Span);
                        corruptFrames += IsIntact(result.Frame.Sequence, result.Data.Span) ? 0 : 1;
                        expected = result.Frame.Sequence + 1;
                    }
                    else if (result.Status == ReadStatus.Gap)
                    {
                        gaps.Add(result.Gap);
                        expected = result.Gap.LastSequence + 1;
                    }
                    else if (finished)
                    {
                        break;
                    }
                    else
                    {
                        Thread.Yield();
                    }
                }
            },
            TaskCreationOptions.LongRunning);

        await Task.WhenAll(producer, consumer);

        Assert.That(corruptFrames, Is.Zero);
        Assert.That(delivered, Is.Ordered.And.Unique);
        Assert.That(delivered.Count + gaps.Sum(gap => gap.Count), Is.EqualTo(FrameCount), "every frame delivered or reported lost");
        Assert.That(delivered, Is.Not.Empty);
        ulong expectedChecksum = 0;
        byte[] scratch = new byte[8000];
        foreach (long sequence in delivered)
        {
            Span<byte> payload = scratch.AsSpan(0, SizeOf(sequence));
            Fill(sequence, payload);
            expectedChecksum = Checksum(expectedChecksum, payload);
        }

        Assert.That(checksum, Is.EqualTo(expectedChecksum));
        TestContext.Out.WriteLine($"delivered {delivered.Count}, gaps {gaps.Count} ({gaps.Sum(gap => gap.Count)} frames)");
    }

    // Keyframes ~4x the size of the P-frames between them, which vary.
    private static int SizeOf(long sequence) => sequence % 30 == 0 ? 6000 : 200 + (int)(sequence * 7919 % 1800);

    private static void Fill(long sequence, Span<byte> payload)
    {
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = FakeEncoder.Pattern(sequence, i);
        }
    }

    private static bool IsIntact(long sequence, ReadOnlySpan<byte> data)
    {
        if (data.Length != SizeOf(sequence))
        {
            return false;
        }

        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] != FakeEncoder.Pattern(sequence, i))
            {
                return false;
            }
        }

        return true;
    }

    private static ulong Checksum(ulong running, ReadOnlySpan<byte> data)
    {
        foreach (byte value in data)
        {
            running = (running * 1_099_511_628_211UL) ^ value;
        }

        return running;
    }
}
