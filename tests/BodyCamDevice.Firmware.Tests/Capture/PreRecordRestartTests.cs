using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

// An encoder restart inside the buffer: timestamps start over (or jump ahead) with a new IDR.
public sealed class PreRecordRestartTests
{
    private static PreRecordBuffer FiveSecondBuffer() =>
        new(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(5) });

    [Test]
    public void Timestamps_jumping_back_keep_the_window_at_the_duration()
    {
        PreRecordBuffer buffer = FiveSecondBuffer();
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(20);

        encoder.Restart(timestamp: 0);
        encoder.AppendSeconds(3);

        // Without rebasing, the frames from before the restart would look 17 s in the future and
        // never expire. With it, the window spans the restart and still holds 5 to 6 seconds.
        PreRecordStatistics statistics = buffer.GetStatistics();
        Assert.That(statistics.BufferedDuration, Is.InRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6)));
        Assert.That(buffer.OldestFrame?.PresentationTimestamp, Is.GreaterThan(14 * 90_000), "the old frames are still there");

        encoder.AppendSeconds(5);
        Assert.That(buffer.OldestFrame?.PresentationTimestamp, Is.LessThan(3 * 90_000), "and age out on time");
        Assert.That(buffer.GetStatistics().BufferedDuration, Is.InRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6)));
    }

    [Test]
    public void Timestamps_jumping_forward_do_not_wipe_the_pre_record()
    {
        PreRecordBuffer buffer = FiveSecondBuffer();
        var encoder = new FakeEncoder(buffer);
        encoder.AppendSeconds(10);

        encoder.Restart(timestamp: encoder.VideoTimestamp + (3600L * 90_000));
        encoder.AppendSeconds(1);

        Assert.That(buffer.GetStatistics().BufferedDuration, Is.InRange(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6)));
    }

    [Test]
    public void The_first_frame_of_each_stream_after_a_restart_is_flagged_and_keeps_its_own_timestamps()
    {
        PreRecordBuffer buffer = FiveSecondBuffer();
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(2);
        using PreRecordReader reader = buffer.OpenReader();

        encoder.Restart(timestamp: 0);
        encoder.AppendSeconds(1);
        var writer = new RecordingWriter(reader);
        writer.Drain();

        List<EncodedFrame> flagged = writer.Frames.Where(frame => frame.IsDiscontinuity).ToList();
        Assert.That(flagged.Select(frame => frame.Kind), Is.EquivalentTo(new[] { MediaStreamKind.Audio, MediaStreamKind.Video }));
        Assert.That(flagged.Select(frame => frame.PresentationTimestamp), Is.All.Zero);
        Assert.That(flagged.Single(frame => frame.Kind == MediaStreamKind.Video).IsKeyframe, Is.True);
        Assert.That(writer.Gaps, Is.Empty);
    }

    [Test]
    public void A_restart_without_an_idr_refuses_video_until_the_next_keyframe()
    {
        PreRecordBuffer buffer = FiveSecondBuffer();
        var encoder = new FakeEncoder(buffer);
        encoder.AppendSeconds(2);
        using PreRecordReader reader = buffer.OpenReader();
        new RecordingWriter(reader).Drain();

        encoder.Restart(timestamp: 0);
        encoder.SkipKeyframe();
        List<AppendResult> results = Enumerable.Range(0, 30).Select(_ => encoder.AppendVideo()).ToList();

        Assert.That(results.Take(29).Select(result => result.Stored), Is.All.False);
        Assert.That(results[29].Stored, Is.True);
        var writer = new RecordingWriter(reader);
        writer.Drain();
        Assert.That(writer.Gaps.Single().Count, Is.EqualTo(29));
        Assert.That(writer.Frames.Single().IsDiscontinuity, Is.True);
    }

    [Test]
    public void A_restart_the_producer_declares_is_flagged_even_when_timestamps_look_continuous()
    {
        PreRecordBuffer buffer = FiveSecondBuffer();
        var encoder = new FakeEncoder(buffer) { GopLength = 10 };
        encoder.AppendSeconds(1.0 / 3);

        AppendResult result = encoder.AppendVideo(FrameFlags.Discontinuity);

        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);
        writer.Drain();
        Assert.That(writer.Frames.Single(frame => frame.Sequence == result.Sequence).IsDiscontinuity, Is.True);
        Assert.That(writer.Frames.Count(frame => frame.IsDiscontinuity), Is.EqualTo(1));
    }
}
