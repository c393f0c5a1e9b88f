using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class TsAccessUnitSplitterTablesTests
{
    [Test]
    public void Tables_are_reported_once_though_they_repeat()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true)
            .Pat().Pmt().VideoFrame(6000, keyframe: false).Pat().Pmt().ToArray();
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);

        splitter.Push(stream);
        splitter.Flush();

        Assert.That(sink.Tables, Has.Count.EqualTo(1));
        Assert.That(sink.Tables[0].Pat, Is.EqualTo(stream.AsSpan(0, TsPacket.Size).ToArray()));
        Assert.That(sink.Tables[0].Pmt, Is.EqualTo(stream.AsSpan(TsPacket.Size, TsPacket.Size).ToArray()));
        Assert.That((splitter.VideoPid, splitter.AudioPid), Is.EqualTo((TsStreamBuilder.VideoPid, TsStreamBuilder.AudioPid)));
    }

    [Test]
    public void The_latest_tables_are_kept_as_received()
    {
        var builder = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true);
        int lastTables = builder.PacketCount;
        byte[] stream = builder.Pat().Pmt().ToArray();
        var splitter = new TsAccessUnitSplitter(new RecordingSink());

        Assert.That(splitter.PatPacket.IsEmpty && splitter.PmtPacket.IsEmpty, Is.True);
        splitter.Push(stream);
        splitter.Flush();

        Assert.That(splitter.PatPacket.ToArray(), Is.EqualTo(stream.AsSpan(lastTables * TsPacket.Size, TsPacket.Size).ToArray()));
        Assert.That(splitter.PmtPacket.ToArray(), Is.EqualTo(stream.AsSpan((lastTables + 1) * TsPacket.Size, TsPacket.Size).ToArray()));
    }

    [Test]
    public void Nothing_is_emitted_before_the_pmt_names_the_streams()
    {
        byte[] stream = new TsStreamBuilder().VideoFrame(3000, keyframe: true).Pat().VideoFrame(6000, keyframe: false)
            .Pmt().VideoFrame(9000, keyframe: false).ToArray();

        RecordingSink sink = TsAccessUnitSplitterTests.Split(stream);

        Assert.That(sink.Units.Select(unit => unit.Info.Pts), Is.EqualTo(new long[] { 9000 }));
    }

    [Test]
    public void A_new_video_pid_completes_the_old_unit_before_the_new_tables_are_reported()
    {
        var events = new EventSink();
        var splitter = new TsAccessUnitSplitter(events);
        byte[] stream = new TsStreamBuilder().Pat().Pmt().VideoFrame(3000, keyframe: true)
            .Pat().Pmt(videoPid: 0x300, version: 1).ToArray();

        splitter.Push(stream);
        splitter.Flush();

        Assert.That(events.Log, Is.EqualTo(new[] { "tables", "unit 256", "tables" }));
        Assert.That(splitter.VideoPid, Is.EqualTo(0x300));
    }

    [Test]
    public void A_stream_without_audio_gives_video_units_only()
    {
        byte[] stream = new TsStreamBuilder().Pat().Pmt(audioPid: -1).VideoFrame(3000, keyframe: true)
            .AudioFrame(2000).VideoFrame(6000, keyframe: false).ToArray();

        RecordingSink sink = TsAccessUnitSplitterTests.Split(stream);

        Assert.That(sink.Units.Select(unit => unit.Info.Stream), Is.All.EqualTo(ElementaryStreamKind.Video));
        Assert.That(sink.Units, Has.Count.EqualTo(2));
    }

    private sealed class EventSink : IAccessUnitSink
    {
        public List<string> Log { get; } = [];

        public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets) => Log.Add($"unit {unit.Pid}");

        public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket) => Log.Add("tables");
    }
}
