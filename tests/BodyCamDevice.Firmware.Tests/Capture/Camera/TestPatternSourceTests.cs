// The camera source on the real ffmpeg: the test pattern at 320x240, 30 fps, with synthetic audio,
// run once for about 3.5 s of video; the tests examine what reached the pre-record buffer.
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
public sealed class TestPatternSourceTests
{
    private const long FrameTicks = 3000;

    private readonly List<(TimeSpan Elapsed, TimeSpan Buffered)> _samples = [];
    private PreRecordBuffer _buffer = null!;
    private List<(EncodedFrame Frame, byte[] Data)> _frames = [];
    private ProgramTablePackets? _tables;
    private CameraSourceStatistics _statistics;
    private int? _processId;
    private int[] _ffmpegWhileRunning = [];
    private int[] _ffmpegAfterStop = [];
    private TimeSpan _stopTook;
    private int _startedEvents;
    private readonly List<string> _failures = [];

    [OneTimeSetUp]
    public async Task RunTheCamera()
    {
        FfmpegRequirement.Check();
        _buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        var source = new FfmpegCameraSource(CameraTestOptions.Create(), _buffer, () => CameraTestOptions.Watermark);
        source.Started += () => Interlocked.Increment(ref _startedEvents);
        source.Failed += reason => { lock (_failures) { _failures.Add(reason); } };

        await source.StartAsync();
        FfmpegRequirement.WaitUntil(() => _startedEvents > 0, TimeSpan.FromSeconds(15), "first keyframe");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3.5))
        {
            _samples.Add((clock.Elapsed, _buffer.GetStatistics().BufferedDuration));
            await Task.Delay(250);
        }

        _processId = source.ProcessId;
        _ffmpegWhileRunning = FfmpegRequirement.FfmpegChildren();
        _frames = BufferedFrames.Read(_buffer);
        _tables = source.ProgramTables;
        _statistics = source.GetStatistics();
        clock.Restart();
        await source.StopAsync();
        _stopTook = clock.Elapsed;
        _ffmpegAfterStop = FfmpegRequirement.FfmpegChildren();
    }

    private IEnumerable<EncodedFrame> Video => _frames.Select(f => f.Frame).Where(f => f.Kind == MediaStreamKind.Video);

    [Test]
    public void The_buffered_duration_grows_one_second_per_second()
    {
        // Whole seconds apart, from the first sample on: ffmpeg paces the pattern with -re.
        var steps = new List<double>();
        for (int i = 0; i < _samples.Count; i++)
        {
            int later = _samples.FindIndex(s => s.Elapsed - _samples[i].Elapsed >= TimeSpan.FromSeconds(1));
            if (later > 0)
            {
                double wall = (_samples[later].Elapsed - _samples[i].Elapsed).TotalSeconds;
                steps.Add((_samples[later].Buffered - _samples[i].Buffered).TotalSeconds / wall);
            }
        }

        Assert.That(steps, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(steps, Is.All.InRange(0.7, 1.3), string.Join(", ", _samples));
    }

    [Test]
    public void Every_30th_frame_is_a_keyframe_carrying_parameter_sets()
    {
        EncodedFrame[] video = [.. Video];

        Assert.That(video, Has.Length.GreaterThan(100));
        Assert.That(video.Select((frame, index) => (index, frame.IsKeyframe)), Is.EqualTo(video.Select((_, index) => (index, index % 30 == 0))));
        Assert.That(video.Where(frame => frame.IsKeyframe).Select(frame => frame.CarriesParameterSets), Is.All.True);
    }

    [Test]
    public void Video_timestamps_rise_by_exactly_one_frame()
    {
        long[] pts = [.. Video.Select(frame => frame.PresentationTimestamp)];

        Assert.That(pts.Zip(pts.Skip(1), (earlier, later) => later - earlier), Is.All.EqualTo(FrameTicks));
        Assert.That(_statistics.LatestVideoPts, Is.GreaterThanOrEqualTo(pts[^1]));
    }

    [Test]
    public void Audio_arrives_as_single_aac_frames_in_step_with_the_video()
    {
        long[] pts = [.. _frames.Select(f => f.Frame).Where(f => f.Kind == MediaStreamKind.Audio).Select(f => f.PresentationTimestamp)];
        long videoStart = Video.First().PresentationTimestamp;

        Assert.That(pts, Has.Length.GreaterThan(100));
        Assert.That(pts.Zip(pts.Skip(1), (earlier, later) => later - earlier), Is.All.EqualTo(1920), "1024 samples at 48 kHz");
        Assert.That(Math.Abs(pts[0] - videoStart), Is.LessThan(90_000 / 10), "both sources start together");
    }

    [Test]
    public void The_flash_and_the_tone_start_at_the_same_presentation_time()
    {
        byte[] clip = [.. _tables!.Pat.ToArray(), .. _tables.Pmt.ToArray(), .. _frames.SelectMany(f => f.Data)];
        long firstAudio = _frames.First(f => f.Frame.Kind == MediaStreamKind.Audio).Frame.PresentationTimestamp;

        // The pulse at the very start of the stream is left out: AAC cannot reproduce a tone that
        // begins with its first frame (the encoder's priming overlaps it).
        long start = Video.First().PresentationTimestamp + (FrameTicks * 15);
        List<long> flashes = [.. SyncSignalProbe.FlashOnsets(clip, 320, 240, [.. Video.Select(frame => frame.PresentationTimestamp)]).Where(pts => pts > start)];
        List<long> tones = [.. SyncSignalProbe.ToneOnsets(clip, firstAudio, 48_000).Where(pts => pts > start)];
        TestContext.Out.WriteLine($"flash onsets {string.Join(", ", flashes)}; tone onsets {string.Join(", ", tones)}");

        Assert.That(flashes, Has.Count.GreaterThanOrEqualTo(2), "one flash a second");
        Assert.That(tones, Has.Count.EqualTo(flashes.Count));
        Assert.That(flashes.Zip(tones, (flash, tone) => Math.Abs(tone - flash)), Is.All.LessThanOrEqualTo(FrameTicks), "in sync within a frame");
    }

    [Test]
    public void Nothing_is_refused_damaged_or_dropped()
    {
        Assert.That(_statistics.RefusedFrames, Is.Zero);
        Assert.That(_statistics.DamagedUnits, Is.Zero);
        Assert.That(_statistics.UntimedUnits, Is.Zero);
        Assert.That(_buffer.GetStatistics().DroppedFrameCount, Is.Zero);
        Assert.That(_failures, Is.Empty);
        Assert.That(_startedEvents, Is.EqualTo(1));
    }

    [Test]
    public void The_process_is_known_while_running_and_gone_after_stop()
    {
        Assert.That(_processId, Is.Not.Null);
        Assert.That(_ffmpegWhileRunning, Does.Contain(_processId!.Value));
        Assert.That(_ffmpegAfterStop, Is.Empty);
        Assert.That(Directory.Exists($"/proc/{_processId}"), Is.False, "exited and reaped");
        Assert.That(_stopTook, Is.LessThan(TimeSpan.FromSeconds(2)), "ffmpeg quits on q without the kill");
    }

    [Test]
    public void The_buffer_decodes_from_any_keyframe_with_the_watermark_burnt_in()
    {
        // A clip as a recording would write it: the tables, then the units from the second keyframe.
        int start = _frames.FindIndex(f => f.Frame.IsKeyframe && f.Frame.PresentationTimestamp > Video.First().PresentationTimestamp);
        int frameNumber = (int)((_frames[start].Frame.PresentationTimestamp - Video.First().PresentationTimestamp) / FrameTicks);
        byte[] clip = [.. _tables!.Pat.ToArray(), .. _tables.Pmt.ToArray(), .. _frames.Skip(start).SelectMany(f => f.Data)];

        byte[] recorded = Gray.FirstFrame(clip);
        byte[] plain = Gray.PatternFrame(320, 240, 30, frameNumber);

        double watermark = Gray.MeanDifference(recorded, plain, 320, Gray.WatermarkArea(240));
        double middle = Gray.MeanDifference(recorded, plain, 320, Gray.MiddleArea);
        TestContext.Out.WriteLine($"mean luma difference from the plain pattern: watermark area {watermark:0.0}, middle {middle:0.0}");

        Assert.That(frameNumber, Is.EqualTo(30));
        Assert.That(watermark, Is.GreaterThan(25), "the watermark covers the bottom left");
        Assert.That(middle, Is.LessThan(8), "elsewhere the picture is the pattern");
    }
}
