// The step from the splitter to the pre-record buffer, with hand-made units: flags, restarts,
// dropped units, the clock sample and the callbacks the source relies on.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.MpegTs;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class PreRecordSinkTests
{
    private const long Frame = 3000;
    private const AccessUnitFlags Idr = AccessUnitFlags.Keyframe | AccessUnitFlags.ParameterSets | AccessUnitFlags.RandomAccess;

    private readonly byte[] _packet = new byte[188];
    private FakeTimeProvider _time = null!;
    private PreRecordBuffer _buffer = null!;
    private PreRecordSink _sink = null!;
    private long _sequence;
    private int _videoCallbacks;
    private int _keyframeCallbacks;

    [SetUp]
    public void Create()
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        _buffer = new PreRecordBuffer(new PreRecordBufferOptions { ByteCapacity = 1 << 20, FrameCapacity = 1024 });
        _sink = new PreRecordSink(_buffer, _time);
        _videoCallbacks = _keyframeCallbacks = 0;
    }

    [Test]
    public void Units_reach_the_buffer_with_their_timestamps_and_flags()
    {
        BeginRun(1);
        Video(126_000, Idr);
        Audio(125_000);
        Video(129_000);

        var frames = BufferedFrames.Read(_buffer);

        Assert.That(frames.Select(f => (f.Frame.Kind, f.Frame.PresentationTimestamp, f.Frame.Flags, f.Data.Length)), Is.EqualTo(new[]
        {
            (MediaStreamKind.Video, 126_000L, FrameFlags.Keyframe | FrameFlags.ParameterSets, 188),
            (MediaStreamKind.Audio, 125_000L, FrameFlags.Keyframe, 188),
            (MediaStreamKind.Video, 129_000L, FrameFlags.None, 188),
        }));
        Assert.That((_videoCallbacks, _keyframeCallbacks), Is.EqualTo((2, 1)));
        CameraSourceStatistics statistics = _sink.GetStatistics();
        Assert.That((statistics.VideoFrames, statistics.AudioFrames, statistics.Bytes, statistics.Runs), Is.EqualTo((2L, 1L, 3L * 188, 1)));
    }

    [Test]
    public void A_restarted_run_declares_a_discontinuity_on_the_first_unit_of_each_stream()
    {
        BeginRun(1);
        Video(126_000, Idr);
        Audio(126_000);
        BeginRun(2);

        // Timestamps that happen to continue: only the declaration can mark the restart.
        Video(129_000, Idr);
        Audio(127_920);
        Video(132_000);

        var flags = BufferedFrames.Read(_buffer).Select(f => f.Frame.IsDiscontinuity);

        Assert.That(flags, Is.EqualTo(new[] { false, false, true, true, false }));
        Assert.That(_sink.GetStatistics().Restarts, Is.EqualTo(1));
        Assert.That(_keyframeCallbacks, Is.EqualTo(2), "Started once per run");
    }

    [Test]
    public void Video_before_the_first_keyframe_is_refused_and_counted()
    {
        BeginRun(1);
        Video(120_000);
        Video(123_000);
        Video(126_000, Idr);

        Assert.That(BufferedFrames.Read(_buffer), Has.Count.EqualTo(1));
        Assert.That(_sink.GetStatistics().RefusedFrames, Is.EqualTo(2));
        Assert.That(_keyframeCallbacks, Is.EqualTo(1));
    }

    [Test]
    public void A_unit_without_timestamp_is_dropped_and_video_resumes_at_the_next_keyframe()
    {
        BeginRun(1);
        Video(126_000, Idr);
        Video(0, AccessUnitFlags.NoTimestamp);
        Video(132_000);
        Video(135_000, Idr);

        var gaps = new List<FrameGap>();
        var frames = BufferedFrames.Read(_buffer, gaps);

        Assert.That(frames.Select(f => f.Frame.PresentationTimestamp), Is.EqualTo(new[] { 126_000L, 135_000L }));
        Assert.That(_sink.GetStatistics().UntimedUnits, Is.EqualTo(1));
        Assert.That(_sink.GetStatistics().RefusedFrames, Is.EqualTo(1), "the P-frame that lost its reference");
        Assert.That(gaps, Is.EqualTo(new[] { new FrameGap(1, 1) }), "and a recording is told about it");
    }

    [Test]
    public void Torn_units_are_dropped_as_damaged_and_the_recording_is_told_of_the_loss()
    {
        BeginRun(1);
        Video(126_000, Idr);
        Video(129_000, AccessUnitFlags.ContinuityError);
        Audio(129_000, AccessUnitFlags.SyncLoss);
        Video(132_000);
        Video(135_000, Idr | AccessUnitFlags.Truncated);
        Video(138_000, Idr);

        var gaps = new List<FrameGap>();
        var frames = BufferedFrames.Read(_buffer, gaps);

        Assert.That(frames.Select(f => f.Frame.PresentationTimestamp), Is.EqualTo(new[] { 126_000L, 138_000L }));
        Assert.That(frames.All(f => !f.Frame.IsDiscontinuity), Is.True, "a lost frame is a gap, not a restart");
        Assert.That(gaps, Is.EqualTo(new[] { new FrameGap(1, 4) }), "the damaged units and the P-frame that lost its reference");
        Assert.That(_sink.GetStatistics().DamagedUnits, Is.EqualTo(3));
        Assert.That(_videoCallbacks, Is.EqualTo(3), "damaged video does not feed the stall watchdog");
    }

    [Test]
    public void A_keyframe_without_SPS_and_PPS_is_not_stored_so_no_clip_starts_at_it()
    {
        BeginRun(1);
        Video(126_000, AccessUnitFlags.Keyframe | AccessUnitFlags.RandomAccess);
        Video(129_000);
        Video(132_000, Idr);

        var gaps = new List<FrameGap>();
        var frames = BufferedFrames.Read(_buffer, gaps);

        Assert.That(frames.Select(f => f.Frame.PresentationTimestamp), Is.EqualTo(new[] { 132_000L }));
        Assert.That(_sink.GetStatistics().DamagedUnits, Is.EqualTo(1));
        Assert.That(_keyframeCallbacks, Is.EqualTo(1));
    }

    [Test]
    public void Units_whose_timestamps_leap_off_the_runs_timeline_are_dropped_and_the_timeline_goes_on()
    {
        BeginRun(1);
        Video(126_000, Idr);
        Video(126_000 + (12L * 3600 * 90_000), Idr); // garbage: half a day ahead
        Video(129_000);
        Video(3_000, Idr); // garbage: back before the run began
        Audio(131_000);
        Audio(20_000); // garbage audio
        Video(132_000);
        Video(132_000 + (6 * 90_000)); // 6 s ahead: over MaximumTimestampStep (5 s)
        Video(135_000);

        var frames = BufferedFrames.Read(_buffer, []);

        Assert.That(frames.Select(f => (f.Frame.Kind, f.Frame.PresentationTimestamp)), Is.EqualTo(new[]
        {
            (MediaStreamKind.Video, 126_000L), (MediaStreamKind.Audio, 131_000L),
        }), "video after a dropped unit waits for the next keyframe (it may have been a real frame with a garbled timestamp)");
        Assert.That(_sink.GetStatistics().DamagedUnits, Is.EqualTo(4));

        // A new run's timeline may start anywhere: it is announced, not guessed from timestamps.
        BeginRun(2);
        Video(9_000, Idr);
        Assert.That(_sink.GetStatistics().DamagedUnits, Is.EqualTo(4));
        Assert.That(_keyframeCallbacks, Is.EqualTo(2));
    }

    [Test]
    public void A_real_leap_of_the_encoders_timeline_is_followed_once_the_next_unit_confirms_it()
    {
        // Wall-clock timestamps (the Pi's camera) when the clock is set an hour ahead mid-run.
        const long Hour = 3600L * 90_000;
        BeginRun(1);
        Video(126_000, Idr);
        Video(129_000);
        Video(132_000 + Hour);
        Video(135_000 + Hour);
        Video(138_000 + Hour, Idr);
        Video(141_000 + Hour);

        var gaps = new List<FrameGap>();
        var frames = BufferedFrames.Read(_buffer, gaps);

        Assert.That(frames.Select(f => f.Frame.PresentationTimestamp), Is.EqualTo(new[] { 126_000L, 129_000L, 138_000 + Hour, 141_000 + Hour }),
            "the leap's first unit is lost, the one confirming it waits for the keyframe, and the stream goes on");
        Assert.That(gaps, Is.EqualTo(new[] { new FrameGap(2, 3) }));
        Assert.That(_sink.GetStatistics().DamagedUnits, Is.EqualTo(1));
    }

    [Test]
    public void The_clock_sample_pairs_the_newest_video_pts_with_its_arrival_time()
    {
        BeginRun(1);
        Video(126_000, Idr);
        _time.Advance(TimeSpan.FromMilliseconds(33));
        Video(129_000);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Audio(128_000);

        StreamClockSample sample = _sink.GetStatistics().LatestVideo!.Value;

        Assert.That(sample, Is.EqualTo(new StreamClockSample(129_000, new DateTimeOffset(2026, 3, 1, 12, 0, 0, 33, TimeSpan.Zero), 1)));
        Assert.That(sample.PtsAt(sample.ArrivedUtc.AddSeconds(-2)), Is.EqualTo(129_000 - (2 * 90_000)));
        Assert.That(sample.UtcAt(129_000 + 45_000), Is.EqualTo(sample.ArrivedUtc.AddMilliseconds(500)));
    }

    [Test]
    public void Program_tables_are_kept_and_replaced_only_when_they_change()
    {
        byte[] pat = [.. Enumerable.Repeat((byte)1, 188)];
        byte[] pmt = [.. Enumerable.Repeat((byte)2, 188)];
        _sink.OnProgramTables(pat, pmt);
        ProgramTablePackets? first = _sink.ProgramTables;

        _sink.OnProgramTables(pat, pmt);
        Assert.That(_sink.ProgramTables, Is.SameAs(first));
        pmt[5] = 9;
        _sink.OnProgramTables(pat, pmt);

        Assert.That(_sink.ProgramTables, Is.Not.SameAs(first));
        Assert.That(_sink.ProgramTables!.Pmt.ToArray(), Is.EqualTo(pmt));
        Assert.That(first!.Pmt.Span[5], Is.EqualTo(2), "a handed-out copy never changes");
    }

    [Test]
    public void Handing_units_to_the_buffer_allocates_nothing()
    {
        BeginRun(1);
        long pts = 126_000;
        Video(pts, Idr);

        // The warm-up fills the buffer past its capacities, so eviction has run before measuring.
        pts = HandOver(pts, 3000);
        long[] rounds = ThreadAllocations.PerRound(3, () => pts = HandOver(pts, 3000));

        Assert.That(rounds.Min(), Is.Zero, ThreadAllocations.Describe(rounds));
    }

    private long HandOver(long pts, int pairs)
    {
        for (int i = 0; i < pairs; i++)
        {
            Video(pts += Frame, i % 30 == 0 ? Idr : AccessUnitFlags.None);
            Audio(pts);
        }

        return pts;
    }

    private void BeginRun(int run) => _sink.BeginRun(run, () => _videoCallbacks++, () => _keyframeCallbacks++);

    private void Video(long pts, AccessUnitFlags flags = AccessUnitFlags.None) =>
        _sink.OnAccessUnit(new AccessUnitInfo(_sequence++, ElementaryStreamKind.Video, 0x100, pts, pts, flags, 1), _packet);

    private void Audio(long pts, AccessUnitFlags damage = AccessUnitFlags.None) =>
        _sink.OnAccessUnit(new AccessUnitInfo(_sequence++, ElementaryStreamKind.Audio, 0x101, pts, pts, AccessUnitFlags.Keyframe | AccessUnitFlags.RandomAccess | damage, 1), _packet);
}
