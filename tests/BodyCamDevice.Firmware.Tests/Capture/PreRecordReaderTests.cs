using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Firmware.Tests.Capture;

public sealed class PreRecordReaderTests
{
    private static List<long> Contiguous(long first, int count) => Enumerable.Range(0, count).Select(n => first + n).ToList();

    [Test]
    public void A_trigger_hands_out_the_backlog_then_live_frames_without_gap_or_duplicate()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(5) });
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(20);

        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);
        writer.Drain();
        int backlog = writer.Frames.Count;
        for (int frame = 0; frame < 300; frame++)
        {
            encoder.AppendSeconds(1.0 / 30);
            if (frame % 7 == 0)
            {
                writer.Drain();
            }
        }

        writer.Drain();

        Assert.That(writer.Frames[0].IsKeyframe, Is.True);
        Assert.That(writer.Gaps, Is.Empty);
        Assert.That(writer.Sequences, Is.EqualTo(Contiguous(writer.Frames[0].Sequence, writer.Frames.Count)));
        Assert.That(writer.Frames[^1].Sequence, Is.EqualTo(encoder.NextSequence - 1));
        double preRollSeconds = (writer.Frames[backlog - 1].PresentationTimestamp - writer.Frames[0].PresentationTimestamp) / 90_000.0;
        Assert.That(preRollSeconds, Is.InRange(5.0, 6.0), "the pre-roll equals the duration within one GOP");
    }

    [Test]
    public void A_trigger_before_the_buffer_filled_starts_at_the_first_keyframe()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(4.5);

        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);
        writer.Drain();

        Assert.That(writer.Frames[0].IsKeyframe, Is.True);
        Assert.That(writer.Frames[0].PresentationTimestamp, Is.Zero);
        Assert.That(writer.Frames[^1].Sequence, Is.EqualTo(encoder.NextSequence - 1));
        Assert.That(writer.Gaps, Is.Empty);
    }

    [Test]
    public void A_trigger_on_an_empty_buffer_records_from_the_first_frame()
    {
        var buffer = new PreRecordBuffer();
        var encoder = new FakeEncoder(buffer);
        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);

        writer.Drain();
        encoder.AppendSeconds(1);
        writer.Drain();

        Assert.That(writer.Sequences, Is.EqualTo(Contiguous(0, 30)));
    }

    [Test]
    public void With_zero_seconds_the_recording_starts_at_the_most_recent_keyframe()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.Zero });
        var encoder = new FakeEncoder(buffer) { WithAudio = true };
        encoder.AppendSeconds(3.5);

        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);
        writer.Drain();

        Assert.That(writer.Frames[0].IsKeyframe, Is.True);
        Assert.That(writer.Frames[0].PresentationTimestamp, Is.EqualTo(3 * 90_000));
        Assert.That(writer.Frames.Count(frame => frame.Kind == MediaStreamKind.Video), Is.EqualTo(15));
        Assert.That(writer.Frames[^1].Sequence, Is.EqualTo(encoder.NextSequence - 1));
    }

    [Test]
    public void Frames_a_reader_has_not_read_outlive_the_duration()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(1) });
        var encoder = new FakeEncoder(buffer);
        encoder.AppendSeconds(3);
        using PreRecordReader reader = buffer.OpenReader();
        long start = buffer.OldestFrame!.Value.Sequence;

        encoder.AppendSeconds(20);
        Assert.That(buffer.OldestFrame!.Value.Sequence, Is.EqualTo(start));

        var writer = new RecordingWriter(reader);
        writer.Drain();
        Assert.That(writer.Sequences, Is.EqualTo(Contiguous(start, (int)(encoder.NextSequence - start))));

        encoder.AppendSeconds(1);
        Assert.That(buffer.GetStatistics().BufferedDuration, Is.LessThan(TimeSpan.FromSeconds(2.1)), "read frames age out again");
    }

    [Test]
    public void A_reader_lagging_beyond_the_byte_cap_is_told_about_the_gap()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(1), ByteCapacity = 100_000 });
        var encoder = new FakeEncoder(buffer);
        encoder.AppendSeconds(1);
        using PreRecordReader reader = buffer.OpenReader();
        var writer = new RecordingWriter(reader);
        writer.Drain();
        long lastBeforeLag = writer.Frames[^1].Sequence;

        encoder.AppendSeconds(10);
        writer.Drain();

        Assert.That(writer.Gaps, Has.Count.EqualTo(1));
        FrameGap gap = writer.Gaps[0];
        Assert.That(gap.FirstSequence, Is.EqualTo(lastBeforeLag + 1));
        EncodedFrame resumed = writer.Frames.First(frame => frame.Sequence > gap.LastSequence);
        Assert.That(resumed.Sequence, Is.EqualTo(gap.LastSequence + 1));
        Assert.That(resumed.IsKeyframe, Is.True, "the recording resumes on a keyframe");
        Assert.That(writer.Sequences, Is.EqualTo(Contiguous(0, (int)encoder.NextSequence)));
        Assert.That(buffer.GetStatistics().DroppedFrameCount, Is.EqualTo(gap.Count));
    }

    [Test]
    public void A_frame_being_read_is_never_overwritten_the_producer_refuses_instead()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { ByteCapacity = 50_000 });
        var encoder = new FakeEncoder(buffer);
        encoder.AppendSeconds(1);
        using PreRecordReader reader = buffer.OpenReader();
        ReadResult held = reader.Read();
        Assert.That(held.Frame.IsKeyframe, Is.True);

        List<AppendResult> results = Enumerable.Range(0, 60).Select(_ => encoder.AppendVideo()).ToList();

        RecordingWriter.AssertPayload(held.Frame.Sequence, held.Data.Span);
        Assert.That(results.Any(result => !result.Stored), Is.True);
        var writer = new RecordingWriter(reader);
        writer.Drain();
        Assert.That(writer.Gaps, Is.Not.Empty);
        Assert.That(writer.Sequences, Is.EqualTo(Contiguous(1, (int)encoder.NextSequence - 1)));
    }

    [Test]
    public void A_trigger_right_after_a_stop_gets_the_full_pre_record_again()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(2) });
        var encoder = new FakeEncoder(buffer);
        encoder.AppendSeconds(5);
        PreRecordReader first = buffer.OpenReader();
        new RecordingWriter(first).Drain();
        encoder.AppendSeconds(10);
        new RecordingWriter(first).Drain();
        first.Dispose();

        encoder.AppendSeconds(1.0 / 30);
        using PreRecordReader second = buffer.OpenReader();
        var writer = new RecordingWriter(second);
        writer.Drain();

        Assert.That(writer.Frames[0].IsKeyframe, Is.True);
        Assert.That(buffer.GetStatistics().ReaderCount, Is.EqualTo(1));
        double preRollSeconds = (writer.Frames[^1].PresentationTimestamp - writer.Frames[0].PresentationTimestamp) / 90_000.0;
        Assert.That(preRollSeconds, Is.InRange(2.0, 3.0));
        Assert.Throws<ObjectDisposedException>(() => first.Read());
    }

    [Test]
    public void The_reader_starts_at_the_oldest_keyframe_that_carries_parameter_sets()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(10) });
        byte[] payload = new byte[100];
        buffer.Append(payload, MediaStreamKind.Video, 0, 0, FrameFlags.Keyframe);
        buffer.Append(payload, MediaStreamKind.Video, 3000, 3000, FrameFlags.None);
        buffer.Append(payload, MediaStreamKind.Video, 6000, 6000, FrameFlags.Keyframe | FrameFlags.ParameterSets);

        using PreRecordReader reader = buffer.OpenReader();

        Assert.That(reader.Read().Frame.Sequence, Is.EqualTo(2));
    }
}
