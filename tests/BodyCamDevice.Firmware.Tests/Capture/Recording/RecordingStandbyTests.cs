// With a muxer kept waiting (ClipMuxerStandby), clips start from an ffmpeg that is already
// running, whose probe size was guessed from an earlier keyframe: the clips must be exactly as
// complete as with a muxer started for them.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingStandbyTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = System.IO.Directory.CreateTempSubdirectory("bodycam-standby-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(_directory, recursive: true);

    [TestCase(0)]
    [TestCase(2)]
    public async Task Clips_started_from_a_waiting_muxer_hold_every_frame(int preRecordSeconds)
    {
        EncodedStream stream = MediaTools.Encode(9);
        var counting = new CountingFactory(FfmpegClipMuxer.Factory());
        await using var standby = new ClipMuxerStandby(counting.Create, TimeSpan.FromSeconds(1));
        standby.Prepare(includeAudio: true);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(preRecordSeconds),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            ClipLength = TimeSpan.FromSeconds(4),
            Services = new RecordingServices { Muxers = counting.Create, Standby = standby },
        };

        IReadOnlyList<ClipManifest> clips = (await run.RecordAsync()).Clips;

        List<EncodedUnit> fed = run.UnitsBetween(clips[0].Frames.FirstSequence, clips[^1].Frames.LastSequence, MediaStreamKind.Video);
        var probes = clips.Select(clip => MediaTools.Probe(run.ClipPath(clip))).ToList();
        Assert.That(clips, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(probes.Sum(probe => probe.Of("video").Count), Is.EqualTo(fed.Count));
        Assert.That(probes.Select(probe => probe.Of("video")[0].Keyframe), Is.All.True);
        Assert.That(probes.Select(probe => probe.Stream("audio")), Is.All.Not.Null);
        Assert.That(clips.Select(clip => clip.Muxer.Arguments), Has.All.Contains("-probesize"));
        Assert.That(clips[0].Muxer.Arguments, Does.Contain($"-probesize {ClipMuxerStandby.DefaultProbeSize} "), "clip 1 from the muxer prepared before the trigger");
        Assert.That(counting.Created, Is.EqualTo(clips.Count + 1), "one per clip, each prepared ahead, and one waiting at the end");
    }

    private sealed class CountingFactory(ClipMuxerFactory inner)
    {
        private int _created;

        public int Created => _created;

        public IClipMuxer Create(ClipMuxerSettings settings, IRecordingStage output)
        {
            Interlocked.Increment(ref _created);
            return inner(settings, output);
        }
    }
}
