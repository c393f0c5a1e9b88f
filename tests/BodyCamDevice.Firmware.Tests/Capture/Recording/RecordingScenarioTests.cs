// Recordings through the real muxer in the situations a body camera meets: no pre-roll, pre-roll
// with audio, a recording split into clips, frames lost on the way, storage running out.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingScenarioTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = System.IO.Directory.CreateTempSubdirectory("bodycam-scenario-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_zero_second_pre_roll_starts_at_the_current_gop()
    {
        EncodedStream stream = MediaTools.Encode(5);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.Zero,
            TriggerUnit = RecordingRun.UnitAt(stream, 2.5),
        };

        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));
        List<EncodedUnit> fed = run.UnitsBetween(manifest.Frames.FirstSequence, manifest.Frames.LastSequence, MediaStreamKind.Video);

        Assert.That(probe.Of("video")[0].Keyframe, Is.True);
        Assert.That(probe.Of("video"), Has.Count.EqualTo(fed.Count));
        Assert.That(manifest.PreRollSeconds, Is.InRange(0, 1.0));
        Assert.That(fed[0].Info.Pts, Is.EqualTo(stream.Video.Last(unit => unit.Info.IsKeyframe && unit.Info.Pts <= run.TriggerPts).Info.Pts));
        Assert.That(probe.Of("audio"), Is.Not.Empty);
    }

    [Test]
    public async Task With_pre_roll_audio_on_the_audio_starts_with_the_video()
    {
        EncodedStream stream = MediaTools.Encode(6);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(2),
            TriggerUnit = RecordingRun.UnitAt(stream, 4),
            PreRollAudio = true,
        };

        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));
        List<EncodedUnit> fedAudio = run.UnitsBetween(manifest.Frames.FirstSequence, manifest.Frames.LastSequence, MediaStreamKind.Audio);
        double firstAudio = probe.Seconds(probe.Of("audio")[0]) - probe.Seconds(probe.Of("video")[0]);

        Assert.That(manifest.PreRollAudio, Is.True);
        Assert.That(manifest.Frames.PreRollAudioUnitsExcluded, Is.Zero);
        // The first audio unit the reader hands out, at its own time: the reader starts at the
        // keyframe in stream order, and an audio unit the TS muxer wrote just before the keyframe
        // stays behind, so that is up to two units after the first frame.
        Assert.That(firstAudio, Is.EqualTo((fedAudio[0].Info.Pts - manifest.Frames.FirstVideoPts) / 90_000.0).Within(0.002));
        Assert.That(firstAudio, Is.LessThanOrEqualTo(2 * LongestAudioUnit(stream)));
        Assert.That(probe.Of("audio"), Has.Count.EqualTo(fedAudio.Sum(AacFrames)), "every AAC frame fed, once");
    }

    [Test]
    public async Task A_long_recording_splits_into_clips_that_join_without_loss_or_duplicate()
    {
        EncodedStream stream = MediaTools.Encode(9);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(2),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            ClipLength = TimeSpan.FromSeconds(2),
        };

        RecordingResult result = await run.RecordAsync();
        IReadOnlyList<ClipManifest> clips = result.Clips;
        var probes = clips.Select(clip => MediaTools.Probe(run.ClipPath(clip))).ToList();

        // About 9 s from the oldest pre-roll keyframe to the end: 2 s clips and a shorter last one.
        Assert.That(clips, Has.Count.InRange(4, 5));
        Assert.That(clips.Select(clip => clip.ClipIndex), Is.EqualTo(Enumerable.Range(1, clips.Count)));
        Assert.That(clips.Select(clip => clip.EndReason), Is.EqualTo(Enumerable.Repeat("Split", clips.Count - 1).Append("Stopped")));
        Assert.That(clips.Select(clip => clip.FinalClip), Is.EqualTo(Enumerable.Repeat(false, clips.Count - 1).Append(true)));
        Assert.That(clips.Select(clip => clip.RecordingId).Distinct().Count(), Is.EqualTo(1));
        for (int n = 1; n < clips.Count; n++)
        {
            Assert.That(clips[n].Frames.FirstSequence, Is.EqualTo(clips[n - 1].Frames.LastSequence + 1), $"clip {n + 1} goes on where clip {n} ended");
            Assert.That(clips[n].Clip.StartEpochMs, Is.EqualTo(clips[n - 1].Clip.StopEpochMs).Within(1), "no time between clips");
        }

        Assert.That(probes.Select(probe => probe.Of("video")[0].Keyframe), Is.All.True);
        Assert.That(clips.SkipLast(1).Select(clip => clip.Clip.DurationSeconds), Is.All.InRange(2.0, 3.0));

        // Video: the clips' frames, each put back on the encoder's timeline, are the frames fed.
        List<EncodedUnit> fedVideo = run.UnitsBetween(clips[0].Frames.FirstSequence, clips[^1].Frames.LastSequence, MediaStreamKind.Video);
        var recorded = clips.Zip(probes).SelectMany(pair =>
            pair.Second.Of("video").Select(packet => pair.First.Frames.FirstVideoPts + packet.Pts - pair.Second.Of("video")[0].Pts)).ToList();
        Assert.That(recorded, Is.EqualTo(fedVideo.Select(unit => unit.Info.Pts)));
        Assert.That(clips.Sum(clip => clip.Frames.VideoFrames), Is.EqualTo(fedVideo.Count));

        // Audio: every AAC frame after the trigger, in exactly one clip.
        long recordedAacFrames = probes.Sum(probe => probe.Of("audio").Count);
        long fedAacFrames = run.UnitsBetween(clips[0].Frames.FirstSequence, clips[^1].Frames.LastSequence, MediaStreamKind.Audio)
            .Where(unit => unit.Info.Pts >= run.TriggerPts).Sum(AacFrames);
        Assert.That(recordedAacFrames, Is.EqualTo(fedAacFrames));

        foreach (ClipManifest clip in clips)
        {
            Assert.That(clip.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(run.ClipPath(clip))));
            Assert.That(clip.File.Md5, Is.EqualTo(MediaTools.Md5Sum(run.ClipPath(clip))), "every clip's MD5, split clips included");
        }
    }

    [Test]
    public async Task Frames_lost_before_the_writer_got_them_are_listed_as_gaps()
    {
        EncodedStream stream = MediaTools.Encode(6);

        // An encoder restart declared on a P-frame: the buffer refuses video up to the next
        // keyframe, and the reader reports those frames as lost.
        int restartAt = stream.Units.FindIndex(RecordingRun.UnitAt(stream, 4.3), unit => unit.Kind == MediaStreamKind.Video && !unit.Info.IsKeyframe);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(1),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            LiveFlags = (index, unit) => index == restartAt ? unit.Flags | FrameFlags.Discontinuity : unit.Flags,
        };

        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        long[] refused = [.. run.Appended.Values.Where(append => !append.Stored).Select(append => append.Sequence).Order()];
        long[] listed = [.. manifest.Gaps.SelectMany(gap => Enumerable.Range(0, (int)gap.FrameCount).Select(n => gap.FromSequence + n))];
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));

        Assert.That(refused, Is.Not.Empty);
        Assert.That(listed, Is.EqualTo(refused));
        Assert.That(manifest.Frames.LostFrames, Is.EqualTo(refused.Length));
        // Each gap runs from the video frame before it to the video frame after it: here from the
        // frame before the restart to the next keyframe, the rest of one GOP.
        Assert.That(manifest.Gaps.Select(gap => gap.DurationSeconds), Is.All.InRange(0.5, 1.0));
        Assert.That(manifest.Gaps.Select(gap => DateTimeOffset.Parse(gap.ToUtc) - DateTimeOffset.Parse(gap.FromUtc)), Is.All.GreaterThan(TimeSpan.Zero));
        Assert.That(probe.Of("video"), Has.Count.EqualTo(manifest.Frames.VideoFrames));
        Assert.That(probe.Of("video"), Has.Count.EqualTo(run.UnitsBetween(manifest.Frames.FirstSequence, manifest.Frames.LastSequence, MediaStreamKind.Video).Count));
    }

    [Test]
    public async Task A_clip_whose_audio_never_comes_is_recorded_without_an_audio_track()
    {
        EncodedStream stream = MediaTools.Encode(5);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            TriggerUnit = RecordingRun.UnitAt(stream, 2),
            LiveUnitArrives = unit => unit.Kind == MediaStreamKind.Video,
        };

        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));

        Assert.That(probe.Stream("audio"), Is.Null);
        Assert.That(manifest.Audio, Is.Null);
        Assert.That(probe.Of("video"), Has.Count.EqualTo(run.UnitsBetween(manifest.Frames.FirstSequence, manifest.Frames.LastSequence, MediaStreamKind.Video).Count));
        Assert.That(probe.Streams.Select(stream => stream.Type), Is.EqualTo(new[] { "video" }), "one track: video");
    }

    [Test]
    public async Task A_stream_without_audio_makes_video_only_clips()
    {
        EncodedStream stream = MediaTools.Encode(4, audio: false);
        var run = new RecordingRun { Stream = stream, Directory = _directory, TriggerUnit = RecordingRun.UnitAt(stream, 2) };

        ClipManifest manifest = (await run.RecordAsync()).Clips.Single();
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));

        Assert.That(probe.Stream("audio"), Is.Null);
        Assert.That(manifest.Audio, Is.Null);
        Assert.That(probe.Of("video"), Has.Count.EqualTo(manifest.Frames.VideoFrames));
    }

    internal static double LongestAudioUnit(EncodedStream stream) =>
        stream.Audio.Zip(stream.Audio.Skip(1), (unit, next) => (next.Info.Pts - unit.Info.Pts) / 90_000.0).Max();

    // AAC frames in an audio unit: ffmpeg's MPEG-TS muxer packs several into one PES.
    internal static int AacFrames(EncodedUnit unit)
    {
        byte[] payload = new byte[unit.Packets.Length];
        int length = TsUnitPayload.CopyPrefix(unit.Packets, payload);
        int frames = 0;
        for (int position = 0; position + 7 <= length; frames++)
        {
            Assert.That(payload[position], Is.EqualTo(0xFF), "ADTS sync");
            position += ((payload[position + 3] & 0x03) << 11) | (payload[position + 4] << 3) | (payload[position + 5] >> 5);
        }

        return frames;
    }
}
