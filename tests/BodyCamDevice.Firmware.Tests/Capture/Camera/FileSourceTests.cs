// The File source on the real ffmpeg: a generated 1.5 s clip looped for about 4 s, so the stream
// crosses the loop point twice. ffmpeg's -stream_loop moves the timestamps of each pass on by the
// clip's duration, so nothing goes backwards and the buffer sees no restart.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
public sealed class FileSourceTests
{
    private const int ClipFrames = 45;

    private string _directory = "";
    private List<EncodedFrame> _video = [];
    private CameraSourceStatistics _statistics;
    private readonly List<string> _failures = [];

    [OneTimeSetUp]
    public async Task LoopAShortClip()
    {
        FfmpegRequirement.Check();
        _directory = Directory.CreateTempSubdirectory("bodycam-camera-file-").FullName;
        string clip = Path.Combine(_directory, "clip.mp4");
        FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
            "-frames:v", $"{ClipFrames}", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", clip,
        ]);

        CameraOptions options = CameraTestOptions.Create(CameraSourceKind.File);
        options.FilePath = clip;
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        await using var source = new FfmpegCameraSource(options, buffer, () => CameraTestOptions.Watermark);
        source.Failed += reason => { lock (_failures) { _failures.Add(reason); } };
        await source.StartAsync();

        // 3.2 passes of the clip.
        FfmpegRequirement.WaitUntil(() => source.GetStatistics().VideoFrames >= (3 * ClipFrames) + 10, TimeSpan.FromSeconds(15), "video past the second loop point");
        _statistics = source.GetStatistics();
        _video = [.. BufferedFrames.Read(buffer).Select(f => f.Frame).Where(f => f.Kind == MediaStreamKind.Video)];
        await source.StopAsync();
    }

    [OneTimeTearDown]
    public void RemoveTheClip()
    {
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public void Timestamps_keep_rising_across_each_loop_point()
    {
        long[] pts = [.. _video.Select(frame => frame.PresentationTimestamp)];
        long[] steps = [.. pts.Zip(pts.Skip(1), (earlier, later) => later - earlier)];

        Assert.That(pts, Has.Length.GreaterThan(3 * ClipFrames));
        Assert.That(steps, Is.All.Positive);

        // Within a pass one frame apart; at the loop point at most one frame more, never a jump.
        Assert.That(steps, Is.All.InRange(3000, 6000));
    }

    [Test]
    public void The_buffer_sees_no_restart_and_keeps_one_keyframe_a_second()
    {
        Assert.That(_video.Where(frame => frame.IsDiscontinuity), Is.Empty);
        Assert.That(_statistics.RefusedFrames, Is.Zero);
        Assert.That(_failures, Is.Empty);

        long[] keyframes = [.. _video.Where(frame => frame.IsKeyframe).Select(frame => frame.PresentationTimestamp)];
        Assert.That(keyframes.Zip(keyframes.Skip(1), (earlier, later) => later - earlier), Is.All.InRange(90_000, 93_000));
        Assert.That(_video.Where(frame => frame.IsKeyframe).Select(frame => frame.CarriesParameterSets), Is.All.True);
    }

    [Test]
    public async Task A_missing_file_is_refused_at_start_naming_the_setting()
    {
        CameraOptions options = CameraTestOptions.Create(CameraSourceKind.File);
        options.FilePath = Path.Combine(_directory, "missing.mp4");
        var source = new FfmpegCameraSource(options, new PreRecordBuffer(), () => CameraTestOptions.Watermark);

        var exception = await Assert.ThrowsAsync<CameraStartException>(() => source.StartAsync());

        Assert.That(exception!.Message, Is.EqualTo($"Camera.FilePath = \"{options.FilePath}\": the file does not exist"));
        Assert.That(source.IsRunning, Is.False);
    }
}
