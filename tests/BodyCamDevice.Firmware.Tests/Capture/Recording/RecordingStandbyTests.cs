// The reference muxer kept waiting (ClipMuxerStandby, the recording benchmark's baseline): clips
// start from an ffmpeg that is already running, whose probe size is a guess, and must be exactly
// as complete as with a muxer started for them.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.ReferenceMuxer;

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
        await using var standby = new ClipMuxerStandby();
        standby.Prepare(new ClipMuxerSettings(IncludeAudio: true, TimeSpan.FromSeconds(1)));
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(preRecordSeconds),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            ClipLength = TimeSpan.FromSeconds(4),
            Services = new RecordingServices { Muxers = standby.Factory },
        };

        IReadOnlyList<ClipManifest> clips = (await run.RecordAsync()).Clips;

        List<EncodedUnit> fed = run.UnitsBetween(clips[0].Frames.FirstSequence, clips[^1].Frames.LastSequence, MediaStreamKind.Video);
        var probes = clips.Select(clip => MediaTools.Probe(run.ClipPath(clip))).ToList();
        Assert.That(clips, Has.Count.GreaterThanOrEqualTo(2));
        Assert.That(probes.Sum(probe => probe.Of("video").Count), Is.EqualTo(fed.Count));
        Assert.That(probes.Select(probe => probe.Of("video")[0].Keyframe), Is.All.True);
        Assert.That(probes.Select(probe => probe.Stream("audio")), Is.All.Not.Null);
        Assert.That(clips.Select(clip => clip.Muxer.Program), Has.All.EqualTo("ffmpeg"));
        Assert.That(standby.Started, Is.EqualTo(clips.Count + 1), "one per clip, each prepared ahead (the first before the trigger), and one waiting at the end");
    }
}
