// A recording whose device wall clock steps back to 1970 mid-clip and, two seconds later, forward
// again (a bad time source, a clock set by hand): splits go on by frame timestamps, every clip's
// times stay on its trigger's timeline and its duration is the one ffprobe finds, and exactly the
// clips in which the clock moved say so in their manifests (clockSteps), where and by how much.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingClockStepTests
{
    private const double BackAt = 5.3;
    private const double ForwardAt = 7.3;

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = System.IO.Directory.CreateTempSubdirectory("bodycam-clock-step-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_wall_clock_step_mid_clip_is_flagged_in_that_clip_and_durations_stay_right()
    {
        EncodedStream stream = MediaTools.Encode(10);
        int backUnit = RecordingRun.UnitAt(stream, BackAt);
        int forwardUnit = RecordingRun.UnitAt(stream, ForwardAt);
        TimeSpan to1970 = DateTimeOffset.UnixEpoch - RecordingRun.TriggerTime;
        RecordingRun run = null!;
        run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            PreRecord = TimeSpan.FromSeconds(2),
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            ClipLength = TimeSpan.FromSeconds(2),
            LiveFlags = (index, unit) =>
            {
                if (index == backUnit)
                {
                    run.WallClock.Shift = to1970;
                }
                else if (index == forwardUnit)
                {
                    run.WallClock.Shift = TimeSpan.Zero;
                }

                return unit.Flags;
            },
        };

        IReadOnlyList<ClipManifest> clips = (await run.RecordAsync()).Clips;

        Assert.That(clips, Has.Count.InRange(4, 5), "2 s clips over about 9 s, split on as before");
        Assert.That(clips.Select(clip => clip.EndReason), Is.EqualTo(Enumerable.Repeat("Split", clips.Count - 1).Append("Stopped")));
        for (int n = 1; n < clips.Count; n++)
        {
            Assert.That(clips[n].Clip.StartEpochMs, Is.EqualTo(clips[n - 1].Clip.StopEpochMs).Within(1), "one timeline: the trigger's, never 1970");
        }

        foreach (ClipManifest clip in clips)
        {
            Assert.That(clip.Clip.StartEpochMs, Is.GreaterThan(RecordingRun.TriggerTime.AddSeconds(-5).ToUnixTimeMilliseconds()));
            // The video's span as ffprobe reads it (the format's duration includes audio that runs on).
            ProbedClip probe = MediaTools.Probe(run.ClipPath(clip));
            List<ProbedPacket> video = probe.Of("video");
            double videoSpan = probe.Seconds(video[^1]) - probe.Seconds(video[0]);
            Assert.That(clip.Clip.DurationSeconds, Is.EqualTo(videoSpan).Within(1.5 / MediaTools.FramesPerSecond), $"clip {clip.ClipIndex}: duration by frame timestamps");
        }

        var flagged = clips.Where(clip => clip.ClockSteps!.Count > 0).ToList();
        Assert.That(clips.All(clip => clip.ClockSteps is not null), "every clip says whether the clock moved");
        Assert.That(flagged.SelectMany(clip => clip.ClockSteps!).Select(step => step.StepSeconds),
            Is.EqualTo(new[] { to1970.TotalSeconds, -to1970.TotalSeconds }).Within(0.5), "back to 1970, then forward by as much");

        var back = flagged[0].ClockSteps![0];
        Assert.That(back.ToUtc, Does.StartWith("1970-01-01T00:00:0"));
        // FromUtc is the old timeline's time when the writer noticed the step: at or after the step,
        // later by as much as the writer was behind the camera (on a loaded machine, most of a second).
        DateTimeOffset stepped = RecordingRun.TriggerTime.AddSeconds(BackAt - 3);
        Assert.That(DateTimeOffset.Parse(back.FromUtc, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(stepped.AddSeconds(-0.05), stepped.AddSeconds(1.5)));
        AssertWhere(stream, flagged[0], back, BackAt);
        AssertWhere(stream, flagged[^1], flagged[^1].ClockSteps![^1], ForwardAt);
    }

    // The step's place in its clip: the last frame the writer read before it saw it, so at or
    // before the moment it happened in the stream, by no more than the writer was behind (here it
    // is let catch up every 20 units, about a third of a second).
    private static void AssertWhere(EncodedStream stream, ClipManifest clip, ManifestClockStep step, double streamSecond)
    {
        Assert.That(step.AtSeconds, Is.InRange(0, clip.Clip.DurationSeconds));
        double stepPts = clip.Frames.FirstVideoPts + (step.AtSeconds * 90_000);
        Assert.That((stepPts - stream.Units[0].Info.Pts) / 90_000, Is.InRange(streamSecond - 0.6, streamSecond + 0.05), $"clip {clip.ClipIndex}");
    }
}
