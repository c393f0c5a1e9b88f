// A recording of backlog and live frames through the real muxer, checked with ffprobe and
// sha256sum: the clip starts at a keyframe, holds every frame fed exactly once, and its manifest
// tells the truth about it.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingSessionTests
{
    private const double StreamSeconds = 8;
    private const double TriggerSecond = 5;

    private string _directory = "";
    private RecordingRun _run = null!;
    private RecordingResult _result = null!;
    private ClipManifest _manifest = null!;
    private ProbedClip _probe = null!;

    [OneTimeSetUp]
    public async Task RecordBacklogAndLiveFrames()
    {
        EncodedStream stream = MediaTools.Encode(StreamSeconds);
        _directory = System.IO.Directory.CreateTempSubdirectory("bodycam-recording-").FullName;
        int triggerUnit = stream.Units.FindIndex(unit => unit.Info.Pts - stream.Units[0].Info.Pts >= TriggerSecond * 90_000);
        _run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(3),
            TriggerUnit = triggerUnit,
            WhileLive = session =>
            {
                session.AddMarker(new RecordingMarker(RecordingRun.TriggerTime.AddSeconds(1), "FunctionButton"));
                session.AddMarker(new RecordingMarker(RecordingRun.TriggerTime.AddSeconds(2), "ControlApi"));
            },
        };
        _result = await _run.RecordAsync();
        _manifest = _result.Clips.Single();
        _probe = MediaTools.Probe(_run.ClipPath(_manifest));
    }

    [OneTimeTearDown]
    public void RemoveFiles() => System.IO.Directory.Delete(_directory, recursive: true);

    [Test]
    public void The_clip_starts_with_a_keyframe()
    {
        Assert.That(_probe.Of("video")[0].Keyframe, Is.True);
        Assert.That(_probe.Stream("video")!.Codec, Is.EqualTo("h264"));
        Assert.That(_probe.Stream("audio")!.Codec, Is.EqualTo("aac"));
    }

    [Test]
    public void Every_video_frame_from_the_first_keyframe_to_the_stop_is_in_the_clip_once()
    {
        List<EncodedUnit> fed = _run.UnitsBetween(_manifest.Frames.FirstSequence, _manifest.Frames.LastSequence, MediaStreamKind.Video);
        List<ProbedPacket> video = _probe.Of("video");

        Assert.That(fed[0].Info.IsKeyframe, Is.True);
        Assert.That(_run.Appended.Values.Max(append => append.Sequence), Is.EqualTo(_manifest.Frames.LastSequence), "the last frame fed");
        Assert.That(video, Has.Count.EqualTo(fed.Count));
        Assert.That(_manifest.Frames.VideoFrames, Is.EqualTo(fed.Count));
        Assert.That(
            video.Select(packet => packet.Pts - video[0].Pts),
            Is.EqualTo(fed.Select(unit => unit.Info.Pts - fed[0].Info.Pts)),
            "the clip's video timestamps are the encoder's, rebased");
    }

    [Test]
    public void Video_timestamps_rise_by_one_frame_without_holes()
    {
        long[] pts = [.. _probe.Of("video").Select(packet => packet.Pts)];
        long[] steps = [.. pts.Zip(pts.Skip(1), (earlier, later) => later - earlier)];

        Assert.That(steps, Is.All.GreaterThan(0));
        Assert.That(steps, Is.All.LessThanOrEqualTo(MediaTools.TicksPerFrame * 3 / 2));
    }

    [Test]
    public void The_duration_is_the_backlog_plus_the_live_part_within_one_gop()
    {
        double expected = StreamSeconds - TriggerSecond + _run.PreRecord.TotalSeconds;
        double frames = _probe.Of("video").Count;

        Assert.That(_probe.Duration, Is.InRange(expected - 0.1, expected + 1.1));
        Assert.That(frames / MediaTools.FramesPerSecond, Is.EqualTo(_manifest.Clip.DurationSeconds).Within(0.001));
        Assert.That(_manifest.PreRollSeconds, Is.InRange(_run.PreRecord.TotalSeconds, _run.PreRecord.TotalSeconds + 1));
    }

    [Test]
    public void Pre_roll_audio_is_left_out_and_audio_starts_at_the_trigger()
    {
        List<ProbedPacket> audio = _probe.Of("audio");
        double triggerOffset = (_run.TriggerPts - _manifest.Frames.FirstVideoPts) / 90_000.0;
        double firstAudio = _probe.Seconds(audio[0]) - _probe.Seconds(_probe.Of("video")[0]);
        double audioUnit = RecordingScenarioTests.LongestAudioUnit(_run.Stream);

        Assert.That(firstAudio, Is.GreaterThanOrEqualTo(triggerOffset - audioUnit));
        Assert.That(firstAudio, Is.LessThanOrEqualTo(triggerOffset + audioUnit));
        Assert.That(_manifest.Frames.PreRollAudioUnitsExcluded, Is.GreaterThan(0));
        Assert.That(_manifest.PreRollAudio, Is.False);
    }

    [Test]
    public void The_manifest_digest_is_the_files_sha256()
    {
        string path = _run.ClipPath(_manifest);

        Assert.That(_manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(path)));
        Assert.That(_manifest.File.HashAlgorithm, Is.EqualTo("SHA-256"));
        Assert.That(_manifest.File.SizeBytes, Is.EqualTo(new FileInfo(path).Length));
    }

    [Test]
    public void The_manifest_on_storage_holds_what_the_session_reported()
    {
        ClipManifest stored = ManifestJson.Parse(File.ReadAllBytes(_run.ManifestPath(_manifest)));

        Assert.That(ManifestJson.Serialize(stored), Is.EqualTo(ManifestJson.Serialize(_manifest)));
        Assert.That(Path.GetFileName(_run.ManifestPath(_manifest)), Is.EqualTo($"{_manifest.RecordingId}_clip01.json"));
        Assert.That(_manifest.File.Name, Is.EqualTo($"{_manifest.RecordingId}_clip01.mp4"));
        Assert.That(System.IO.Directory.GetFiles(_directory, "*.tmp"), Is.Empty);
    }

    [Test]
    public void The_manifest_names_device_officer_triggers_and_times()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_manifest.RecordingId, Is.EqualTo("BC-000123_20260301T090000Z_0001"));
            Assert.That(_manifest.ClipIndex, Is.EqualTo(1));
            Assert.That(_manifest.FinalClip, Is.True);
            Assert.That(_manifest.EndReason, Is.EqualTo("Stopped"));
            Assert.That(_manifest.Device, Is.EqualTo(new ManifestDevice("BC-000123", "0.1.0-test")));
            Assert.That(_manifest.OfficerId, Is.EqualTo("PC-4711"));
            Assert.That(_manifest.TriggerOn, Is.EqualTo(new ManifestEvent("RecordButton", 1772355600000, "2026-03-01T09:00:00.000Z")));
            Assert.That(_manifest.TriggerOff, Is.EqualTo(new ManifestEvent("RecordButton", 1772355660000, "2026-03-01T09:01:00.000Z")));
            Assert.That(DateTimeOffset.Parse(_manifest.Clip.StartUtc), Is.EqualTo(RecordingRun.TriggerTime.AddSeconds(-_manifest.PreRollSeconds)).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(_manifest.Clip.StopEpochMs - _manifest.Clip.StartEpochMs, Is.EqualTo((long)Math.Round(_manifest.Clip.DurationSeconds * 1000)).Within(1));
            Assert.That(_manifest.Gaps, Is.Empty);
            Assert.That(_manifest.Frames.LostFrames, Is.Zero);
            Assert.That(_manifest.Muxer.Program, Is.EqualTo("bodycam"));
            Assert.That(_manifest.Muxer.Messages, Is.Empty);
        });
    }

    [Test]
    public void The_manifest_codec_parameters_agree_with_ffprobe()
    {
        ProbedStream video = _probe.Stream("video")!;
        ProbedStream audio = _probe.Stream("audio")!;

        Assert.That(_manifest.Video, Is.EqualTo(new ManifestVideo("h264", _manifest.Video!.Profile, _manifest.Video.Level, video.Width, video.Height, 30.0)));
        Assert.That(_manifest.Video.Profile, Is.Not.Empty);
        Assert.That(_manifest.Audio, Is.EqualTo(new ManifestAudio("aac", "LC", audio.SampleRate, 1)));
    }

    [Test]
    public void Markers_are_in_the_manifest_with_time_and_source()
    {
        Assert.That(_manifest.Markers, Is.EqualTo(new[]
        {
            new ManifestEvent("FunctionButton", 1772355601000, "2026-03-01T09:00:01.000Z"),
            new ManifestEvent("ControlApi", 1772355602000, "2026-03-01T09:00:02.000Z"),
        }));
    }
}
