using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class TsAccessUnitSplitterTests
{
    private const long Period = 1L << 33;

    [Test]
    public void A_unit_is_emitted_when_the_next_unit_of_its_stream_starts()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt()
            .VideoFrame(3000, keyframe: true).AudioFrame(2000).VideoFrame(6000, keyframe: false)
            .AudioFrame(3920).VideoFrame(9000, keyframe: false).ToArray();
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(stream);
        var beforeFlush = sink.Units.Select(unit => (unit.Info.Stream, unit.Info.Pts)).ToArray();
        splitter.Flush();

        Assert.That(beforeFlush, Is.EqualTo(new[]
        {
            (ElementaryStreamKind.Video, 3000L), (ElementaryStreamKind.Audio, 2000L), (ElementaryStreamKind.Video, 6000L),
        }));
        Assert.That(sink.Units.Select(unit => unit.Info.Pts), Is.EqualTo(new long[] { 3000, 2000, 6000, 3920, 9000 }));
        Assert.That(sink.Units.Select(unit => unit.Info.Sequence), Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public void A_unit_holds_exactly_the_packets_of_its_pes()
    {
        var builder = new TsStreamBuilder().Pat().Pmt();
        int firstVideo = builder.PacketCount;
        builder.VideoFrame(3000, keyframe: true, sliceBytes: 1000);
        int audio = builder.PacketCount;
        builder.AudioFrame(2000);
        int secondVideo = builder.PacketCount;
        builder.VideoFrame(6000, keyframe: false);
        byte[] stream = builder.ToArray();

        RecordingSink sink = Split(stream);

        Assert.That(sink.Units[0].Packets, Is.EqualTo(Packets(stream, firstVideo, audio)));
        Assert.That(sink.Units[1].Packets, Is.EqualTo(Packets(stream, audio, secondVideo)));
        Assert.That(sink.Units[2].Packets, Is.EqualTo(Packets(stream, secondVideo, builder.PacketCount)));
        Assert.That(sink.Units[0].Info.PacketCount, Is.EqualTo(audio - firstVideo));
    }

    [Test]
    public void Tables_and_other_pids_are_left_out_of_units()
    {
        var builder = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true, sliceBytes: 100);
        int unitEnd = builder.PacketCount;
        builder.Other().Pat().Pmt().VideoFrame(6000, keyframe: false);
        byte[] stream = builder.ToArray();

        RecordingSink sink = Split(stream);

        Assert.That(sink.Units[0].Packets, Is.EqualTo(Packets(stream, 2, unitEnd)));
        Assert.That(sink.Units[1].Info.PacketCount, Is.EqualTo(builder.PacketCount - unitEnd - 3));
    }

    [Test]
    public void A_pcr_only_packet_on_the_video_pid_joins_the_open_unit()
    {
        var builder = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true, sliceBytes: 100).PcrOnly();
        int unitEnd = builder.PacketCount;
        byte[] stream = builder.VideoFrame(6000, keyframe: false).ToArray();

        RecordingSink sink = Split(stream);

        Assert.That(sink.Units[0].Packets, Is.EqualTo(Packets(stream, 2, unitEnd)));
        Assert.That(sink.Units[0].Info.Flags & AccessUnitFlags.ContinuityError, Is.EqualTo(AccessUnitFlags.None));
    }

    [Test]
    public void Keyframe_parameter_set_and_random_access_flags_follow_the_content()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt()
            .VideoFrame(3000, keyframe: true, randomAccess: true)
            .VideoFrame(6000, keyframe: false)
            .VideoFrame(9000, keyframe: true, parameterSets: false)
            .AudioFrame(9000).ToArray();

        AccessUnitFlags[] flags = [.. Split(stream).Units.Select(unit => unit.Info.Flags)];

        Assert.That(flags, Is.EqualTo(new[]
        {
            AccessUnitFlags.Keyframe | AccessUnitFlags.ParameterSets | AccessUnitFlags.RandomAccess,
            AccessUnitFlags.None,
            AccessUnitFlags.Keyframe,
            AccessUnitFlags.Keyframe | AccessUnitFlags.RandomAccess,
        }));
    }

    [Test]
    public void Dts_is_reported_when_present_and_equals_pts_otherwise()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt()
            .VideoFrame(9000, keyframe: true, dts: 3000).VideoFrame(6000, keyframe: false).ToArray();

        AccessUnitInfo[] units = [.. Split(stream).Video];

        Assert.That((units[0].Pts, units[0].Dts), Is.EqualTo((9000L, 3000L)));
        Assert.That((units[1].Pts, units[1].Dts), Is.EqualTo((6000L, 6000L)));
    }

    [Test]
    public void Timestamps_keep_increasing_across_the_33_bit_wrap()
    {
        var builder = new TsStreamBuilder().Pat().Pmt();
        long start = Period - 2 * 3000;
        for (int frame = 0; frame < 5; frame++)
        {
            long pts = start + frame * 3000;
            builder.VideoFrame(pts % Period, keyframe: frame == 0, dts: (pts - 1500) % Period).AudioFrame((pts - 200) % Period);
        }

        RecordingSink sink = Split(builder.ToArray());

        Assert.That(sink.Video.Select(unit => unit.Pts), Is.EqualTo(Enumerable.Range(0, 5).Select(frame => start + frame * 3000L)));
        Assert.That(sink.Video.Select(unit => unit.Dts), Is.EqualTo(Enumerable.Range(0, 5).Select(frame => start + frame * 3000L - 1500)));
        Assert.That(sink.Audio.Select(unit => unit.Pts), Is.EqualTo(Enumerable.Range(0, 5).Select(frame => start + frame * 3000L - 200)));
    }

    [Test]
    public void Continuity_jump_flags_the_unit_missing_packets_and_is_counted()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt()
            .VideoFrame(3000, keyframe: true, sliceBytes: 100).LosePacket(TsStreamBuilder.VideoPid)
            .VideoFrame(6000, keyframe: false).VideoFrame(9000, keyframe: false).ToArray();
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(stream);
        splitter.Flush();

        Assert.That(sink.Units.Select(unit => unit.Info.Flags.HasFlag(AccessUnitFlags.ContinuityError)), Is.EqualTo(new[] { true, false, false }));
        Assert.That(splitter.ContinuityErrors, Is.EqualTo(1));
    }

    [Test]
    public void A_repeated_packet_is_dropped()
    {
        var builder = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true, sliceBytes: 400);
        byte[] original = builder.VideoFrame(6000, keyframe: false).ToArray();
        // Repeat the second packet of the first frame right after itself.
        byte[] repeated = [.. original.AsSpan(0, 4 * TsPacket.Size), .. original.AsSpan(3 * TsPacket.Size)];
        RecordingSink expected = Split(original);
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);
        splitter.Push(repeated);
        splitter.Flush();

        AssertSameUnits(sink, expected);
        Assert.That(splitter.DiscardedPackets, Is.EqualTo(1));
        Assert.That(splitter.ContinuityErrors, Is.Zero);
    }

    [Test]
    public void Packets_before_the_first_pes_start_are_discarded()
    {
        var frame = new TsStreamBuilder().VideoFrame(3000, keyframe: true, sliceBytes: 600).ToArray();
        byte[] stream = [.. new TsStreamBuilder().Pat().Pmt().ToArray(), .. frame.AsSpan(2 * TsPacket.Size),
            .. new TsStreamBuilder().LosePacket(TsStreamBuilder.VideoPid).LosePacket(TsStreamBuilder.VideoPid)
                .LosePacket(TsStreamBuilder.VideoPid).LosePacket(TsStreamBuilder.VideoPid)
                .VideoFrame(6000, keyframe: false).ToArray()];
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(stream);
        splitter.Flush();

        Assert.That(sink.Units.Select(unit => unit.Info.Pts), Is.EqualTo(new long[] { 6000 }));
        Assert.That(splitter.DiscardedPackets, Is.EqualTo(frame.Length / TsPacket.Size - 2));
    }

    [Test]
    public void A_unit_beyond_the_size_limit_is_truncated_and_flagged()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt()
            .VideoFrame(3000, keyframe: true, sliceBytes: 2000).VideoFrame(6000, keyframe: false, sliceBytes: 10).ToArray();
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink, maxUnitBytes: 4 * TsPacket.Size);

        splitter.Push(stream);
        splitter.Flush();

        Assert.That(sink.Units[0].Info.PacketCount, Is.EqualTo(4));
        Assert.That(sink.Units[0].Info.Flags.HasFlag(AccessUnitFlags.Truncated), Is.True);
        Assert.That(sink.Units[1].Info.Flags.HasFlag(AccessUnitFlags.Truncated), Is.False);
    }

    [Test]
    public void Flush_emits_open_units_in_the_order_they_started()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt().AudioFrame(1000).VideoFrame(3000, keyframe: true).ToArray();
        RecordingSink sink = Split(stream);

        Assert.That(sink.Units.Select(unit => unit.Info.Stream), Is.EqualTo(new[] { ElementaryStreamKind.Audio, ElementaryStreamKind.Video }));
    }

    [Test]
    public void Whole_units_inside_one_chunk_reach_the_sink_without_a_copy()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt()
            .VideoFrame(3000, keyframe: true).AudioFrame(2000).VideoFrame(6000, keyframe: false).VideoFrame(9000, keyframe: false).ToArray();
        var sink = new OverlapSink(stream);
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(stream);

        // The last packet waits for the next sync byte, so the last unit is complete only later.
        Assert.That(sink.ReadFromChunk, Is.EqualTo(new[] { true, true }));
    }

    internal static RecordingSink Split(byte[] stream, int chunkSize = int.MaxValue)
    {
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);
        for (int offset = 0; offset < stream.Length; offset += chunkSize)
        {
            splitter.Push(stream.AsSpan(offset, Math.Min(chunkSize, stream.Length - offset)));
        }

        splitter.Flush();
        return sink;
    }

    internal static void AssertSameUnits(RecordingSink actual, RecordingSink expected, string because = "")
    {
        Assert.That(actual.Units.Select(unit => unit.Info), Is.EqualTo(expected.Units.Select(unit => unit.Info)), because);
        for (int index = 0; index < expected.Units.Count; index++)
        {
            Assert.That(actual.Units[index].Packets, Is.EqualTo(expected.Units[index].Packets), $"unit {index} {because}");
        }
    }

    private static byte[] Packets(byte[] stream, int firstPacket, int endPacket) =>
        stream.AsSpan(firstPacket * TsPacket.Size, (endPacket - firstPacket) * TsPacket.Size).ToArray();

    private sealed class OverlapSink(byte[] chunk) : IAccessUnitSink
    {
        public List<bool> ReadFromChunk { get; } = [];

        public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets) =>
            ReadFromChunk.Add(packets.Overlaps(chunk));

        public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket)
        {
        }
    }
}
