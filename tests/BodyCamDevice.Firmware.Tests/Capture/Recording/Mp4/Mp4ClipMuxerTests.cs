// The in-process muxer against ffmpeg's: the same frames recorded through each give files that
// ffprobe reads as the same packets at the same times, and that ffmpeg decodes to the same
// pictures and sound. Plus what only the in-process muxer does: a restarted encoder's timestamps
// inside a clip, and a clip that keeps decoding when its pictures are reordered (B-frames).
using System.Text;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;
using BodyCamDevice.ReferenceMuxer;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording.Mp4;

[Category("ffmpeg")]
[NonParallelizable]
public class Mp4ClipMuxerTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-mp4-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_same_frames_through_ffmpegs_muxer_give_the_same_packets_pictures_and_sound(bool preRollAudio)
    {
        EncodedStream stream = MediaTools.Encode(6);

        (ClipManifest ours, string oursPath) = await RecordAsync(stream, "ours", new RecordingServices(), preRollAudio);
        (ClipManifest reference, string referencePath) = await RecordAsync(stream, "ffmpeg", new RecordingServices { Muxers = FfmpegClipMuxer.Factory() }, preRollAudio);
        ProbedClip oursProbe = MediaTools.Probe(oursPath);
        ProbedClip referenceProbe = MediaTools.Probe(referencePath);

        Assert.Multiple(() =>
        {
            Assert.That(ours.Muxer.Program, Is.EqualTo("bodycam"));
            Assert.That(reference.Muxer.Program, Is.EqualTo("ffmpeg"));
            Assert.That(oursProbe.Of("video"), Has.Count.EqualTo(ours.Frames.VideoFrames).And.Count.GreaterThan(60));
            Assert.That(oursProbe.Of("audio"), Has.Count.GreaterThan(100));

            // Both count 90 kHz for video and samples for audio. ffmpeg's edit lists count
            // milliseconds, ours 90 kHz ticks, so the track that starts later may start up to
            // one millisecond (90 ticks, 48 samples) apart.
            Assert.That(oursProbe.Stream("video")!.TimeBase, Is.EqualTo(referenceProbe.Stream("video")!.TimeBase));
            Assert.That(oursProbe.Stream("audio")!.TimeBase, Is.EqualTo(referenceProbe.Stream("audio")!.TimeBase));
            foreach ((string type, int tolerance) in new[] { ("video", 90), ("audio", 48) })
            {
                Assert.That(oursProbe.Of(type).Select(packet => packet.Pts), Is.EqualTo(referenceProbe.Of(type).Select(packet => packet.Pts)).Within(tolerance));
                Assert.That(oursProbe.Of(type).Select(packet => packet.Dts), Is.EqualTo(referenceProbe.Of(type).Select(packet => packet.Dts)).Within(tolerance));
                Assert.That(oursProbe.Of(type).Select(packet => packet.Keyframe), Is.EqualTo(referenceProbe.Of(type).Select(packet => packet.Keyframe)));
            }

            Assert.That(DecodedHashes(oursPath, "v"), Is.EqualTo(DecodedHashes(referencePath, "v")));
            Assert.That(DecodedHashes(oursPath, "a"), Is.EqualTo(DecodedHashes(referencePath, "a")));
        });
    }

    [Test]
    public async Task A_restarted_encoders_timestamps_inside_the_clip_continue_the_tracks_without_going_back()
    {
        // The encoder restarts 3 s into the pre-roll: its timestamps begin again 10 s earlier.
        EncodedStream original = MediaTools.Encode(6);
        int restart = RecordingRun.UnitAt(original, 3);
        while (!original.Units[restart].Info.IsKeyframe)
        {
            restart++;
        }

        const long Back = 10 * 90_000;
        var stream = new EncodedStream();
        stream.OnProgramTables(original.Pat, original.Pmt);
        for (int index = 0; index < original.Units.Count; index++)
        {
            EncodedUnit unit = original.Units[index];
            stream.Units.Add(index < restart ? unit : unit with { Info = unit.Info with { Pts = unit.Info.Pts - Back, Dts = unit.Info.Dts - Back } });
        }

        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(5),
            TriggerUnit = RecordingRun.UnitAt(original, 5),
            PreRollAudio = true,
        };
        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));

        List<ProbedPacket> video = probe.Of("video");
        long[] steps = [.. video.Zip(video.Skip(1), (a, b) => b.Dts - a.Dts)];
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Frames.TimestampDiscontinuities, Is.Not.Empty, "the buffer saw the restart");
            Assert.That(video, Has.Count.EqualTo(manifest.Frames.VideoFrames));
            Assert.That(steps, Is.All.EqualTo(MediaTools.TicksPerFrame), "one frame interval everywhere, across the restart too");
            Assert.That(probe.Duration, Is.EqualTo(video.Count / (double)MediaTools.FramesPerSecond).Within(0.2));
            Assert.That(DecodedHashes(run.ClipPath(manifest), "v"), Has.Count.EqualTo(video.Count));
        });
    }

    [Test]
    public void A_stream_with_reordered_pictures_keeps_their_order_and_starts_at_its_first_picture()
    {
        // B-frames: presentation differs from decode order, which the composition offsets and
        // the video edit list carry.
        byte[] ts = FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000", "-t", "4",
            "-c:v", "libx264", "-preset", "veryfast", "-bf", "2", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0",
            "-x264-params", "repeat-headers=1", "-c:a", "aac", "-muxdelay", "0", "-f", "mpegts", "pipe:1",
        ]);
        EncodedStream stream = EncodedStream.Split(ts);
        Assert.That(stream.Video.Count(unit => unit.Info.Pts != unit.Info.Dts), Is.GreaterThan(10), "the stream has reordered pictures");

        (ClipManifest ours, string oursPath) = RecordAsync(stream, "ours", new RecordingServices(), preRollAudio: false).GetAwaiter().GetResult();
        (_, string referencePath) = RecordAsync(stream, "ffmpeg", new RecordingServices { Muxers = FfmpegClipMuxer.Factory() }, preRollAudio: false).GetAwaiter().GetResult();
        List<ProbedPacket> video = MediaTools.Probe(oursPath).Of("video");

        Assert.Multiple(() =>
        {
            Assert.That(video, Is.EqualTo(MediaTools.Probe(referencePath).Of("video")));
            Assert.That(video.Min(packet => packet.Pts), Is.EqualTo(0), "the first picture is at the clip's start");
            Assert.That(video.Count(packet => packet.Pts != packet.Dts), Is.GreaterThan(10));
            Assert.That(DecodedHashes(oursPath, "v"), Is.EqualTo(DecodedHashes(referencePath, "v")).And.Count.EqualTo(ours.Frames.VideoFrames));
        });
    }

    [Test]
    public async Task Fragments_shorter_than_a_gop_end_between_keyframes_and_still_decode_whole()
    {
        // A fragment at most every 0.4 s with a keyframe every 1 s: most fragments start on a
        // P-frame, which is what bounds the loss when the encoder's keyframes are far apart.
        EncodedStream stream = MediaTools.Encode(6);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(2),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            FragmentDuration = TimeSpan.FromSeconds(0.4),
        };
        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        string path = run.ClipPath(manifest);
        List<(string Type, long Size)> boxes = Mp4Boxes.Whole(await File.ReadAllBytesAsync(path));
        int keyframes = MediaTools.Probe(path).Of("video").Count(packet => packet.Keyframe);

        Assert.Multiple(() =>
        {
            Assert.That(boxes.Take(2).Select(box => box.Type), Is.EqualTo(new[] { "ftyp", "moov" }));
            Assert.That(boxes.Skip(2).Select(box => box.Type), Is.EqualTo(Enumerable.Range(0, boxes.Count - 2).Select(n => n % 2 == 0 ? "moof" : "mdat")));
            Assert.That(boxes.Count(box => box.Type == "moof"), Is.GreaterThanOrEqualTo(keyframes * 2), "two or three fragments per 1 s GOP");
            Assert.That(boxes.Sum(box => box.Size), Is.EqualTo(new FileInfo(path).Length));
            Assert.That(DecodedHashes(path, "v"), Has.Count.EqualTo(manifest.Frames.VideoFrames));
        });
    }

    [Test]
    public async Task An_audio_unit_without_a_readable_adts_frame_is_named_in_the_muxers_messages()
    {
        EncodedStream stream = MediaTools.Encode(2);
        EncodedUnit keyframe = stream.Video.First(unit => unit.Info.IsKeyframe);
        EncodedUnit[] audio = [.. stream.Audio.Take(3)];
        byte[] broken = [.. audio[2].Packets];
        int sync = Enumerable.Range(4, broken.Length - 5).First(n => broken[n] == 0xFF && (broken[n + 1] & 0xF6) == 0xF0);
        broken[sync] = 0;
        var output = new CollectingStage();
        IClipMuxer muxer = BodyCamDevice.Firmware.Capture.Recording.Mp4.Mp4ClipMuxer.Factory()(
            new ClipMuxerSettings(IncludeAudio: true, TimeSpan.FromSeconds(1)), output);

        byte[] tables = [.. stream.Pat, .. stream.Pmt];
        await muxer.WriteHeadAsync(new ClipHead(tables, Frame(keyframe, 0), keyframe.Packets, Frame(audio[0], 1), audio[0].Packets));
        await muxer.WriteAsync(Frame(audio[1], 2), audio[1].Packets);
        await muxer.WriteAsync(Frame(audio[2], 3), broken);
        ClipMuxerResult result = await muxer.CompleteAsync();

        Assert.That(result.Success, Is.True);
        Assert.That(result.Diagnostics, Is.EqualTo(new[] { "1 audio unit(s) held no readable ADTS frame and were left out" }));
        Assert.That(output.Completed, Is.True);
        Assert.That(Mp4Boxes.Whole([.. output.Bytes]).Select(box => box.Type), Is.EqualTo(new[] { "ftyp", "moov", "moof", "mdat" }));
    }

    private static EncodedFrame Frame(EncodedUnit unit, long sequence) =>
        new(sequence, unit.Kind, unit.Info.Pts, unit.Info.Dts, unit.Flags, unit.Packets.Length);

    private async Task<(ClipManifest Manifest, string Path)> RecordAsync(EncodedStream stream, string name, RecordingServices services, bool preRollAudio)
    {
        string directory = Path.Combine(_directory, name);
        Directory.CreateDirectory(directory);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = directory,
            PreRecord = TimeSpan.FromSeconds(2),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            PreRollAudio = preRollAudio,
            Services = services,
        };
        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        return (manifest, run.ClipPath(manifest));
    }

    private sealed class CollectingStage : IRecordingStage
    {
        public List<byte> Bytes { get; } = [];

        public bool Completed { get; private set; }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
        {
            Bytes.AddRange(data.Span);
            return ValueTask.CompletedTask;
        }

        public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
        {
            Completed = true;
            return ValueTask.CompletedTask;
        }
    }

    // The MD5 of every decoded picture (or block of audio samples), in order.
    private static List<string> DecodedHashes(string path, string stream)
    {
        string output = Encoding.ASCII.GetString(FfmpegTool.Run("ffmpeg", ["-v", "error", "-i", path, "-map", $"0:{stream}:0", "-f", "framemd5", "-"]));
        return [.. output.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(',')[^1].Trim())];
    }
}
