using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

public sealed class PreRecordEvictionTests
{
    private static readonly TimeSpan OneGop = TimeSpan.FromSeconds(1);

    [Test]
    public void Keeps_between_the_duration_and_one_gop_more_measured_on_timestamps()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        var encoder = new FakeEncoder(buffer);

        for (int second = 0; second < 100; second++)
        {
            encoder.AppendSeconds(1);
            PreRecordStatistics statistics = buffer.GetStatistics();
            TimeSpan expectedMinimum = TimeSpan.FromSeconds(Math.Min(second + 1, 30)) - TimeSpan.FromSeconds(1.0 / 30) - TimeSpan.FromMilliseconds(1);
            Assert.That(statistics.BufferedDuration, Is.InRange(expectedMinimum, TimeSpan.FromSeconds(30) + OneGop));
        }
    }

    [Test]
    public void Evicts_whole_gops_so_the_oldest_frame_is_always_a_keyframe()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(5) });
        var encoder = new FakeEncoder(buffer) { WithAudio = true, GopLength = 25 };

        for (int frame = 0; frame < 30 * 20; frame++)
        {
            encoder.AppendSeconds(1.0 / 30);
            EncodedFrame? oldest = buffer.OldestFrame;
            Assert.That(oldest?.IsKeyframe, Is.True, $"after frame {frame}");
        }

        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);
        writer.Drain();
        List<EncodedFrame> video = writer.Frames.Where(frame => frame.Kind == MediaStreamKind.Video).ToList();
        Assert.That(video.Where((frame, n) => frame.IsKeyframe != (n % 25 == 0)), Is.Empty, "every GOP complete");
        Assert.That(writer.Gaps, Is.Empty);
        Assert.That(writer.Sequences, Is.EqualTo(Enumerable.Range((int)writer.Sequences[0], writer.Sequences.Count).Select(n => (long)n)));
    }

    [Test]
    public void Video_before_the_first_keyframe_is_refused_and_earlier_audio_goes_when_a_keyframe_arrives()
    {
        var buffer = new PreRecordBuffer();
        var encoder = new FakeEncoder(buffer);

        encoder.AppendAudio();
        encoder.SkipKeyframe();
        AppendResult predicted = encoder.AppendVideo();
        Assert.That(predicted.Stored, Is.False);
        Assert.That(buffer.OldestFrame?.Kind, Is.EqualTo(MediaStreamKind.Audio));

        encoder.SkipKeyframe();
        encoder.GopLength = 1;
        Assert.That(encoder.AppendVideo().Stored, Is.True);
        Assert.That(buffer.OldestFrame?.IsKeyframe, Is.True);
        Assert.That(buffer.GetStatistics().FrameCount, Is.EqualTo(1));
    }

    [Test]
    public void Byte_cap_evicts_whole_gops_before_the_duration_is_reached()
    {
        // One GOP is 4000 + 29 * 1000 = 33,000 bytes; 100,000 bytes hold two whole GOPs and a bit.
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30), ByteCapacity = 100_000 });
        var encoder = new FakeEncoder(buffer);

        for (int frame = 0; frame < 30 * 10; frame++)
        {
            Assert.That(encoder.AppendVideo().Stored, Is.True);
            PreRecordStatistics statistics = buffer.GetStatistics();
            Assert.That(statistics.BytesUsed, Is.LessThanOrEqualTo(statistics.ByteCapacity));
            Assert.That(buffer.OldestFrame?.IsKeyframe, Is.True);
        }

        PreRecordStatistics final = buffer.GetStatistics();
        Assert.That(final.BufferedDuration, Is.LessThan(TimeSpan.FromSeconds(4)));
        Assert.That(final.BytesUsed, Is.GreaterThanOrEqualTo(66_000));
        Assert.That(final.DroppedFrameCount, Is.Zero, "evicting without a reader loses nothing a recording asked for");
    }

    [Test]
    public void Frame_cap_evicts_whole_gops_like_the_byte_cap()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { FrameCapacity = 70 });
        var encoder = new FakeEncoder(buffer);

        encoder.AppendSeconds(10);

        Assert.That(buffer.GetStatistics().FrameCount, Is.InRange(31, 70));
        Assert.That(buffer.OldestFrame?.IsKeyframe, Is.True);
    }

    [Test]
    public void A_gop_larger_than_the_cap_keeps_its_beginning_and_waits_for_the_next_keyframe()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { ByteCapacity = 20_000 });
        var encoder = new FakeEncoder(buffer);

        var results = Enumerable.Range(0, 31).Select(_ => encoder.AppendVideo()).ToList();

        // 4000 + 16 * 1000 fills the arena; the rest of the GOP is refused, the next keyframe is kept.
        Assert.That(results.Take(17).Select(result => result.Stored), Is.All.True);
        Assert.That(results.Skip(17).Take(13).Select(result => result.Stored), Is.All.False);
        Assert.That(results[30].Stored, Is.True);
        Assert.That(buffer.OldestFrame?.Sequence, Is.EqualTo(30));
        Assert.That(buffer.GetStatistics().DroppedFrameCount, Is.EqualTo(13));
    }

    [Test]
    public void A_frame_larger_than_the_arena_is_refused_without_evicting_anything()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { ByteCapacity = 10_000 });
        var encoder = new FakeEncoder(buffer) { KeyframeSize = 3000 };
        encoder.AppendSeconds(0.1);
        int framesBefore = buffer.GetStatistics().FrameCount;

        encoder.KeyframeSize = 20_000;
        encoder.GopLength = 1;
        Assert.That(encoder.AppendVideo().Stored, Is.False);

        Assert.That(buffer.GetStatistics().FrameCount, Is.EqualTo(framesBefore));
    }

    [Test]
    public void Statistics_report_what_the_ui_shows()
    {
        var options = new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(10), ByteCapacity = 1_000_000, FrameCapacity = 1000 };
        var buffer = new PreRecordBuffer(options);
        var encoder = new FakeEncoder(buffer);

        encoder.AppendSeconds(2);

        PreRecordStatistics statistics = buffer.GetStatistics();
        Assert.That(statistics.Duration, Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(statistics.BufferedDuration, Is.EqualTo(TimeSpan.FromSeconds(59.0 / 30)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(statistics.FrameCount, Is.EqualTo(60));
        Assert.That(statistics.BytesUsed, Is.EqualTo(2 * (4000 + (29 * 1000))));
        Assert.That(statistics.ByteCapacity, Is.EqualTo(1_000_000));
        Assert.That(statistics.FrameCapacity, Is.EqualTo(1000));
        Assert.That(statistics.ReaderCount, Is.Zero);
    }

    [TestCase(-1)]
    [TestCase(601)]
    public void Rejects_a_duration_outside_0_to_600_seconds(int seconds)
    {
        var options = new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(seconds) };

        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new PreRecordBuffer(options));
    }
}
