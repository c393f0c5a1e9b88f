// The RpiCam wiring without a camera: a stand-in for rpicam-vid (a script running ffmpeg) writes
// raw YUV 4:2:0 frames to stdout as "rpicam-vid --codec yuv420 -o -" would, and the camera source
// pipes them into its encoder. Frames carry arrival-time stamps, so their spacing only averages
// one frame.
using System.Runtime.Versioning;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
[UnsupportedOSPlatform("windows")]
public sealed class RpiCamSourceTests
{
    private string _directory = "";

    [OneTimeSetUp]
    public void WriteTheStandIn()
    {
        FfmpegRequirement.Check();
        _directory = Directory.CreateTempSubdirectory("bodycam-camera-rpicam-").FullName;
        string script = Path.Combine(_directory, "rpicam-vid");
        File.WriteAllText(script, """
            #!/bin/sh
            # Stands in for rpicam-vid: ignores its arguments, writes 320x240 yuv420p at 30 fps to stdout.
            exec ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=30 -f rawvideo -pix_fmt yuv420p pipe:1
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [OneTimeTearDown]
    public void RemoveTheStandIn()
    {
        if (_directory.Length > 0)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task Raw_frames_from_the_capture_program_are_encoded_into_the_buffer()
    {
        CameraOptions options = CameraTestOptions.Create(CameraSourceKind.RpiCam);
        options.RpiCamPath = Path.Combine(_directory, "rpicam-vid");
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        var failures = new List<string>();
        var source = new FfmpegCameraSource(options, buffer, () => CameraTestOptions.Watermark);
        source.Failed += reason => { lock (failures) { failures.Add(reason); } };

        await source.StartAsync();
        FfmpegRequirement.WaitUntil(() => source.GetStatistics().VideoFrames >= 75, TimeSpan.FromSeconds(15), "2.5 s of video");
        List<EncodedFrame> video = [.. BufferedFrames.Read(buffer).Select(f => f.Frame).Where(f => f.Kind == MediaStreamKind.Video)];
        int encoders = FfmpegRequirement.FfmpegChildren().Length;
        await source.StopAsync();

        long[] pts = [.. video.Select(frame => frame.PresentationTimestamp)];
        Assert.That(pts.Zip(pts.Skip(1), (earlier, later) => later - earlier), Is.All.Positive);
        Assert.That((pts[^1] - pts[0]) / (double)(pts.Length - 1), Is.InRange(2700, 3300), "30 fps on average");
        Assert.That(video.Where(frame => frame.IsKeyframe).Select(frame => frame.CarriesParameterSets), Is.All.True);
        Assert.That(video.Count(frame => frame.IsKeyframe), Is.GreaterThanOrEqualTo(2));
        Assert.That(encoders, Is.EqualTo(2), "the stand-in and the encoder");
        Assert.That(FfmpegRequirement.FfmpegChildren(), Is.Empty, "both gone after stop");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task A_capture_program_that_dies_fails_the_run_with_its_exit_code()
    {
        CameraOptions options = CameraTestOptions.Create(CameraSourceKind.RpiCam);
        options.RpiCamPath = WriteBrokenCaptureProgram();

        string reason = await FirstFailureAsync(options);

        Assert.That(reason, Does.EndWith("broken-rpicam-vid exited with code 1: ERROR: no cameras available"));
        Assert.That(FfmpegRequirement.FfmpegChildren(), Is.Empty);
    }

    // The capture program's death can land before ffmpeg has connected to its pipes (on a busy
    // machine, or a slow card): the run is then cancelled while it is still being set up, and the
    // reason must still be the capture program's exit, not the cancellation it caused. An ffmpeg
    // that takes a second to start makes that order certain.
    [Test]
    public async Task A_capture_program_that_dies_before_the_encoder_is_connected_still_gives_its_exit_code()
    {
        string slowFolder = Directory.CreateDirectory(Path.Combine(_directory, "slow-ffmpeg")).FullName;
        string slowFfmpeg = Path.Combine(slowFolder, "ffmpeg");
        File.WriteAllText(slowFfmpeg, "#!/bin/sh\nsleep 1\nexec ffmpeg \"$@\"\n");
        File.SetUnixFileMode(slowFfmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        CameraOptions options = CameraTestOptions.Create(CameraSourceKind.RpiCam);
        options.RpiCamPath = WriteBrokenCaptureProgram();
        options.FfmpegPath = slowFfmpeg;

        string reason = await FirstFailureAsync(options);

        Assert.That(reason, Does.EndWith("broken-rpicam-vid exited with code 1: ERROR: no cameras available"));
        Assert.That(FfmpegRequirement.FfmpegChildren(), Is.Empty);
    }

    // A stand-in for rpicam-vid on a device with no camera: it says so and exits 1.
    private string WriteBrokenCaptureProgram()
    {
        string script = Path.Combine(_directory, "broken-rpicam-vid");
        File.WriteAllText(script, "#!/bin/sh\necho 'ERROR: no cameras available' >&2\nexit 1\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    // Starts a camera source and returns the reason of its first failure (within 15 s), then stops it.
    private static async Task<string> FirstFailureAsync(CameraOptions options)
    {
        var failed = new TaskCompletionSource<string>();
        var source = new FfmpegCameraSource(options, new PreRecordBuffer(), () => CameraTestOptions.Watermark);
        source.Failed += reason => failed.TrySetResult(reason);
        await source.StartAsync();
        string reason = await failed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await source.StopAsync();
        return reason;
    }
}
