using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

// How the splitter copes with the byte stream itself: chunks cut anywhere, garbage, torn packets.
public class TsAccessUnitSplitterSyncTests
{
    [Test]
    public void Every_chunk_size_from_1_to_188_gives_the_same_units()
    {
        byte[] stream = SmallStream().ToArray();
        RecordingSink whole = TsAccessUnitSplitterTests.Split(stream);
        Assert.That(whole.Units, Has.Count.EqualTo(11));

        for (int chunkSize = 1; chunkSize <= TsPacket.Size; chunkSize++)
        {
            TsAccessUnitSplitterTests.AssertSameUnits(TsAccessUnitSplitterTests.Split(stream, chunkSize), whole, $"chunk size {chunkSize}");
        }
    }

    [Test]
    public void Garbage_before_the_first_packet_is_skipped_and_counted()
    {
        byte[] clean = SmallStream().ToArray();
        byte[] garbage = [0x00, 0x47, 0x12, 0x47, 0x47, 0xFF, 0x01];
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push([.. garbage, .. clean]);
        splitter.Flush();

        TsAccessUnitSplitterTests.AssertSameUnits(sink, TsAccessUnitSplitterTests.Split(clean));
        Assert.That(splitter.SkippedBytes, Is.EqualTo(garbage.Length));
    }

    [Test]
    public void Garbage_between_units_is_skipped_and_flags_the_open_units()
    {
        byte[] garbage = [.. Enumerable.Repeat((byte)0x47, 3), .. Enumerable.Repeat((byte)0xA5, 40), 0x47, 0x00];
        var builder = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true).AudioFrame(2000)
            .Raw(garbage).Pat().VideoFrame(6000, keyframe: false).AudioFrame(3920);
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(builder.ToArray());
        splitter.Flush();

        Assert.That(splitter.SkippedBytes, Is.EqualTo(garbage.Length));
        Assert.That(sink.Units.Select(unit => unit.Info.Pts), Is.EqualTo(new long[] { 3000, 2000, 6000, 3920 }));
        Assert.That(
            sink.Units.Select(unit => unit.Info.Flags.HasFlag(AccessUnitFlags.SyncLoss)),
            Is.EqualTo(new[] { true, true, false, false }));
        Assert.That(sink.Units.All(unit => unit.Info.PacketCount * TsPacket.Size == unit.Packets.Length), Is.True);
    }

    [Test]
    public void A_torn_packet_is_dropped_and_the_rest_of_the_unit_is_kept()
    {
        var builder = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true, sliceBytes: 700);
        int frameEnd = builder.PacketCount;
        byte[] clean = builder.VideoFrame(6000, keyframe: false).ToArray();
        // Lose 100 bytes from the middle of the third packet of the first frame.
        int tornAt = 4 * TsPacket.Size + 50;
        byte[] torn = [.. clean.AsSpan(0, tornAt), .. clean.AsSpan(tornAt + 100)];
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(torn);
        splitter.Flush();

        Assert.That(splitter.SkippedBytes, Is.EqualTo(TsPacket.Size - 100));
        AccessUnitInfo first = sink.Units[0].Info;
        Assert.That(first.PacketCount, Is.EqualTo(frameEnd - 2 - 1));
        Assert.That(first.Flags & (AccessUnitFlags.SyncLoss | AccessUnitFlags.ContinuityError), Is.EqualTo(AccessUnitFlags.SyncLoss | AccessUnitFlags.ContinuityError));
        Assert.That(sink.Units[1].Info.Flags, Is.EqualTo(AccessUnitFlags.None));
    }

    [Test]
    public void Resync_gives_the_same_result_for_every_chunk_size()
    {
        byte[] clean = SmallStream().ToArray();
        int tornAt = 6 * TsPacket.Size + 10;
        var noise = new byte[200];
        new Random(7).NextBytes(noise);
        byte[] damaged =
        [
            0x47, 0x00, 0x11, .. clean.AsSpan(0, tornAt), .. clean.AsSpan(tornAt + 30, 3000),
            0x47, .. noise, .. clean.AsSpan(tornAt + 30 + 3000),
            0x47, 0x01, 0x00,
        ];
        var reference = new RecordingSink();
        var referenceSplitter = new TsAccessUnitSplitter(reference);
        referenceSplitter.Push(damaged);
        referenceSplitter.Flush();

        for (int chunkSize = 1; chunkSize <= TsPacket.Size + 1; chunkSize++)
        {
            var sink = new RecordingSink();
            var splitter = new TsAccessUnitSplitter(sink);
            for (int offset = 0; offset < damaged.Length; offset += chunkSize)
            {
                splitter.Push(damaged.AsSpan(offset, Math.Min(chunkSize, damaged.Length - offset)));
            }

            splitter.Flush();
            TsAccessUnitSplitterTests.AssertSameUnits(sink, reference, $"chunk size {chunkSize}");
            Assert.That(splitter.SkippedBytes, Is.EqualTo(referenceSplitter.SkippedBytes), $"chunk size {chunkSize}");
        }

        Assert.That(referenceSplitter.SkippedBytes, Is.GreaterThan(200));
        Assert.That(reference.Units, Has.Count.GreaterThan(5));
    }

    [Test]
    public void Flush_takes_a_final_whole_packet_and_drops_a_partial_one()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true, sliceBytes: 100).ToArray();
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push([.. stream, 0x47, 0x01, 0x00, 0x10, 0x00]);
        splitter.Flush();

        Assert.That(sink.Units.Single().Packets, Is.EqualTo(stream.AsSpan(2 * TsPacket.Size).ToArray()));
        Assert.That(splitter.SkippedBytes, Is.EqualTo(5));
    }

    private static TsStreamBuilder SmallStream()
    {
        var builder = new TsStreamBuilder().Pat().Pmt();
        for (int frame = 0; frame < 5; frame++)
        {
            builder.VideoFrame(3000 * (frame + 1), keyframe: frame == 0, sliceBytes: 150 + 200 * frame, randomAccess: frame == 0)
                .AudioFrame(1920 * (frame + 1));
            if (frame == 2)
            {
                builder.Other().Pat().Pmt().PcrOnly();
            }
        }

        return builder.AudioFrame(12000);
    }
}
