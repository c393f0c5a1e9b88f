// The splitter against what it will really read: ffmpeg's MPEG-TS on a pipe, checked against
// ffprobe and against an ffmpeg remux of the units it produced.
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

[Category("ffmpeg")]
[NonParallelizable]
public class FfmpegOutputTests
{
    private const int FramesPerSecond = 30;
    private const int Seconds = 3;
    private const int VideoFrames = FramesPerSecond * Seconds;
    private const int KeyframeInterval = 30;
    private const long TicksPerFrame = 90_000 / FramesPerSecond;

    private string _directory = "";
    private string _streamPath = "";
    private byte[] _stream = [];
    private RecordingSink _live = new();
    private TsAccessUnitSplitter _liveSplitter = null!;

    [OneTimeSetUp]
    public void EncodeThroughAPipe()
    {
        if (!FfmpegTool.IsInstalled)
        {
            Assert.Fail("ffmpeg/ffprobe are not installed (apt-get install -y ffmpeg)");
        }

        _directory = Directory.CreateTempSubdirectory("bodycam-tsdemux-").FullName;
        _streamPath = Path.Combine(_directory, "encoded.ts");
        _live = new RecordingSink();
        _liveSplitter = new TsAccessUnitSplitter(_live);
        _stream = FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error",
            "-f", "lavfi", "-i", $"testsrc2=size=320x240:rate={FramesPerSecond}",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000",
            "-t", $"{Seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", $"{KeyframeInterval}", "-keyint_min", $"{KeyframeInterval}", "-sc_threshold", "0",
            "-x264-params", "repeat-headers=1", "-bsf:v", "h264_mp4toannexb",
            "-c:a", "aac", "-f", "mpegts", "pipe:1",
        ], onChunk: chunk => _liveSplitter.Push(chunk));
        _liveSplitter.Flush();
        File.WriteAllBytes(_streamPath, _stream);
    }

    [OneTimeTearDown]
    public void RemoveTemporaryFiles()
    {
        if (_directory.Length > 0 && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void Every_frame_is_one_video_unit_with_a_keyframe_every_30()
    {
        AccessUnitInfo[] video = [.. _live.Video];

        Assert.That(video, Has.Length.EqualTo(VideoFrames));
        Assert.That(
            video.Select((unit, index) => (index, unit.IsKeyframe)),
            Is.EqualTo(video.Select((_, index) => (index, index % KeyframeInterval == 0))));
        Assert.That(video.Where(unit => unit.IsKeyframe).Select(unit => unit.HasParameterSets), Is.All.True);
        Assert.That(video.Where(unit => unit.IsKeyframe).Select(unit => unit.Flags.HasFlag(AccessUnitFlags.RandomAccess)), Is.All.True);
    }

    [Test]
    public void Video_pts_rises_by_one_frame_duration_per_unit()
    {
        long[] pts = [.. _live.Video.Select(unit => unit.Pts)];

        Assert.That(pts.Zip(pts.Skip(1), (earlier, later) => later - earlier), Is.All.EqualTo(TicksPerFrame));
    }

    [Test]
    public void Audio_units_are_present_with_increasing_pts()
    {
        long[] pts = [.. _live.Audio.Select(unit => unit.Pts)];

        Assert.That(pts, Is.Not.Empty);
        Assert.That(pts, Is.Ordered.Ascending);
        Assert.That(pts.Distinct().Count(), Is.EqualTo(pts.Length));
    }

    [Test]
    public void The_stream_arrives_undamaged_and_whole()
    {
        const AccessUnitFlags damage = AccessUnitFlags.ContinuityError | AccessUnitFlags.SyncLoss
            | AccessUnitFlags.NoTimestamp | AccessUnitFlags.Truncated | AccessUnitFlags.Discontinuity;

        Assert.That(_live.Units.Select(unit => unit.Info.Flags & damage), Is.All.EqualTo(AccessUnitFlags.None));
        Assert.That(_liveSplitter.SkippedBytes, Is.Zero);
        Assert.That(_liveSplitter.ContinuityErrors, Is.Zero);
        Assert.That(_liveSplitter.DiscardedPackets, Is.Zero);
        Assert.That(_live.Tables, Has.Count.EqualTo(1));
        Assert.That(_live.Units.Sum(unit => unit.Packets.Length), Is.LessThan(_stream.Length));
    }

    [Test]
    public void Video_units_match_the_packets_ffprobe_reads()
    {
        ProbedPacket[] probed = Probe(_streamPath, "v");

        Assert.That(_live.Video.Count(), Is.EqualTo(probed.Length));
        Assert.That(_live.Video.Select(unit => unit.IsKeyframe), Is.EqualTo(probed.Select(packet => packet.Keyframe)));
        Assert.That(_live.Video.Select(unit => unit.Pts), Is.EqualTo(probed.Select(packet => packet.Pts)));
        Assert.That(_live.Video.Select(unit => unit.Dts), Is.EqualTo(probed.Select(packet => packet.Dts)));
    }

    [Test]
    public void Each_audio_unit_starts_at_a_packet_ffprobe_reads()
    {
        // ffprobe parses every AAC frame apart; a unit is one PES, which ffmpeg fills with several.
        HashSet<long> probed = [.. Probe(_streamPath, "a").Select(packet => packet.Pts)];

        Assert.That(_live.Audio.Select(unit => unit.Pts), Is.SubsetOf(probed));
    }

    [Test]
    public void Pipe_chunking_does_not_change_the_units()
    {
        foreach (int chunkSize in new[] { 1, 187, 189, 4096, _stream.Length })
        {
            TsAccessUnitSplitterTests.AssertSameUnits(TsAccessUnitSplitterTests.Split(_stream, chunkSize), _live, $"chunk size {chunkSize}");
        }
    }

    [Test]
    public void Tables_and_units_from_the_second_keyframe_on_play_on_their_own()
    {
        long start = _live.Video.Where(unit => unit.IsKeyframe).Skip(1).First().Sequence;
        string clipPath = Path.Combine(_directory, "from-second-keyframe.ts");
        using (var clip = File.Create(clipPath))
        {
            clip.Write(_live.Tables[0].Pat);
            clip.Write(_live.Tables[0].Pmt);
            foreach (var unit in _live.Units.Where(unit => unit.Info.Sequence >= start))
            {
                clip.Write(unit.Packets);
            }
        }

        ProbedPacket[] video = Probe(clipPath, "v");

        Assert.That(video, Has.Length.EqualTo(VideoFrames - KeyframeInterval));
        Assert.That(video[0].Keyframe, Is.True);
        Assert.That(video.Count(packet => packet.Keyframe), Is.EqualTo(VideoFrames / KeyframeInterval - 1));
    }

    [Test]
    public void The_muxer_turns_units_into_a_playable_fragmented_mp4()
    {
        long start = _live.Video.Where(unit => unit.IsKeyframe).Skip(1).First().Sequence;
        byte[] clip = [.. _live.Tables[0].Pat, .. _live.Tables[0].Pmt,
            .. _live.Units.Where(unit => unit.Info.Sequence >= start).SelectMany(unit => unit.Packets)];
        string mp4Path = Path.Combine(_directory, "from-second-keyframe.mp4");

        // empty_moov writes the header before the first packet, so ffmpeg (5.1) cannot add the
        // ADTS-to-AudioSpecificConfig filter on its own as it does for a plain MP4: name it.
        FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-c", "copy",
            "-bsf:a", "aac_adtstoasc", "-f", "mp4", "-movflags", "+frag_keyframe+empty_moov+default_base_moof", mp4Path,
        ], stdin: clip);

        ProbedPacket[] video = Probe(mp4Path, "v");
        Assert.That(video, Has.Length.EqualTo(VideoFrames - KeyframeInterval));
        Assert.That(video[0].Keyframe, Is.True);
        Assert.That(Probe(mp4Path, "a"), Is.Not.Empty);
    }

    [Test]
    public void Splitting_a_real_stream_again_allocates_nothing()
    {
        var sink = new CountingSink();
        var splitter = new TsAccessUnitSplitter(sink);
        PushInChunks(splitter, _stream);
        int unitsPerPass = sink.Units;

        long[] rounds = ThreadAllocations.PerRound(3, () => PushInChunks(splitter, _stream));

        Assert.That(rounds.Min(), Is.Zero, ThreadAllocations.Describe(rounds));
        Assert.That(sink.Units, Is.EqualTo(4 * unitsPerPass));
        Assert.That(sink.Bytes, Is.GreaterThan(0));
    }

    private static void PushInChunks(TsAccessUnitSplitter splitter, byte[] stream)
    {
        const int pipeRead = 4096;
        for (int offset = 0; offset < stream.Length; offset += pipeRead)
        {
            splitter.Push(stream.AsSpan(offset, Math.Min(pipeRead, stream.Length - offset)));
        }

        splitter.Flush();
    }

    private static ProbedPacket[] Probe(string path, string streamSelector)
    {
        byte[] json = FfmpegTool.Run("ffprobe",
        [
            "-v", "error", "-select_streams", streamSelector,
            "-show_entries", "packet=pts,dts,flags", "-of", "json", path,
        ]);
        using JsonDocument document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("packets").EnumerateArray().Select(packet => new ProbedPacket(
            packet.GetProperty("pts").GetInt64(),
            packet.GetProperty("dts").GetInt64(),
            packet.GetProperty("flags").GetString()!.StartsWith('K')))];
    }

    private readonly record struct ProbedPacket(long Pts, long Dts, bool Keyframe);

    private sealed class CountingSink : IAccessUnitSink
    {
        public int Units { get; private set; }

        public long Bytes { get; private set; }

        public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets)
        {
            Units++;
            Bytes += packets.Length;
        }

        public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket)
        {
        }
    }
}
