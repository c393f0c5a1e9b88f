// DeviceOptionsValidator's camera rules: each names the field and echoes the value.
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class CameraOptionsValidationTests
{
    [Test]
    public void The_device_defaults_are_valid()
    {
        Assert.That(DeviceOptionsValidator.Validate(new DeviceOptions()), Is.Empty);
    }

    [TestCase(1921, 1080, "Camera.Width = 1921: must be even (H.264 4:2:0 halves the chroma planes)")]
    [TestCase(1920, 1081, "Camera.Height = 1081: must be even (H.264 4:2:0 halves the chroma planes)")]
    [TestCase(0, 1080, "Camera.Width = 0: must be from 16 to 4096 pixels")]
    [TestCase(1920, -2, "Camera.Height = -2: must be from 16 to 4096 pixels")]
    public void Sizes_must_be_positive_and_even(int width, int height, string expected)
    {
        Assert.That(Errors(camera => (camera.Width, camera.Height) = (width, height)), Is.EqualTo(new[] { expected }));
    }

    [TestCase(0)]
    [TestCase(121)]
    public void Frame_rate_is_one_to_120(int frameRate)
    {
        Assert.That(Errors(camera => camera.FrameRate = frameRate), Is.EqualTo(new[] { $"Camera.FrameRate = {frameRate}: must be from 1 to 120 frames per second" }));
    }

    [TestCase(99)]
    [TestCase(50_001)]
    public void Bitrate_is_bounded(int kbps)
    {
        Assert.That(Errors(camera => camera.BitrateKbps = kbps), Is.EqualTo(new[] { $"Camera.BitrateKbps = {kbps}: must be from 100 to 50000 kbit/s" }));
    }

    [Test]
    public void Keyframe_interval_must_be_a_whole_number_of_frames()
    {
        Assert.That(
            Errors(camera => (camera.FrameRate, camera.KeyframeInterval) = (25, TimeSpan.FromMilliseconds(500))),
            Is.EqualTo(new[] { "Camera.KeyframeInterval = 00:00:00.5000000: must be a whole number of frames at Camera.FrameRate (25)" }));
        Assert.That(Errors(camera => camera.KeyframeInterval = TimeSpan.FromMilliseconds(500)), Is.Empty, "15 frames at 30 fps");
        Assert.That(Errors(camera => camera.KeyframeInterval = TimeSpan.Zero), Has.One.StartsWith("Camera.KeyframeInterval = 00:00:00: must be more than 0"));
    }

    [Test]
    public void Each_source_needs_its_own_setting()
    {
        Assert.That(
            Errors(camera => (camera.Source, camera.FilePath) = (CameraSourceKind.File, null)),
            Is.EqualTo(new[] { "Camera.FilePath = null: must name a video file when Camera.Source is File" }));
        Assert.That(
            Errors(camera => (camera.Source, camera.V4L2Device) = (CameraSourceKind.V4L2, "video0")),
            Is.EqualTo(new[] { "Camera.V4L2Device = \"video0\": must be a device node such as /dev/video0 when Camera.Source is V4L2" }));
        Assert.That(
            Errors(camera => camera.FilePath = "/missing.mp4"),
            Is.Empty,
            "the file is checked when the camera starts, not here");
    }

    [Test]
    public void Audio_needs_an_aac_sample_rate_a_sane_bitrate_and_a_device()
    {
        Assert.That(
            Errors(camera => camera.Audio = new CameraAudioOptions { SampleRate = 44_000, BitrateKbps = 8, AlsaDevice = " " }),
            Is.EqualTo(new[]
            {
                "Camera.Audio.AlsaDevice = \" \": must name an ALSA capture device, e.g. default or hw:1,0",
                "Camera.Audio.SampleRate = 44000: must be one of 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000 Hz",
                "Camera.Audio.BitrateKbps = 8: must be from 16 to 320 kbit/s",
            }));
    }

    [Test]
    public void Ffmpeg_path_must_name_a_file_called_ffmpeg()
    {
        Assert.That(
            Errors(camera => camera.FfmpegPath = "/opt/ffmpeg-6/bin/ffmpeg6"),
            Is.EqualTo(new[] { "Camera.FfmpegPath = \"/opt/ffmpeg-6/bin/ffmpeg6\": must be the path of a file named ffmpeg (FFMpegCore runs ffmpeg from that folder), or unset to use PATH" }));
        Assert.That(Errors(camera => camera.FfmpegPath = "/opt/ffmpeg-6/bin/ffmpeg"), Is.Empty);
    }

    [Test]
    public void Timeouts_and_restart_delays_are_checked()
    {
        Assert.That(
            Errors(camera =>
            {
                camera.StallTimeout = TimeSpan.Zero;
                camera.StopGracePeriod = TimeSpan.FromMinutes(1);
                camera.Restart.MaximumDelay = TimeSpan.FromMilliseconds(100);
            }),
            Is.EqualTo(new[]
            {
                "Camera.StallTimeout = 00:00:00: must be from 1 s to 1 min",
                "Camera.StopGracePeriod = 00:01:00: must be from 0 to 30 seconds",
                "Camera.Restart.MaximumDelay = 00:00:00.1000000: must not be shorter than Camera.Restart.InitialDelay (00:00:00.5000000)",
            }));
    }

    [Test]
    public void Camera_settings_load_from_json_by_name()
    {
        DeviceOptions options = DeviceOptionsJson.Parse("""
            { "Camera": { "Source": "TestPattern", "Width": 320, "Height": 240, "Encoder": "Libx264",
                          "Audio": { "Source": "Synthetic" }, "KeyframeInterval": "00:00:01" } }
            """);

        Assert.That(options.Camera.Source, Is.EqualTo(CameraSourceKind.TestPattern));
        Assert.That(options.Camera.Audio.Source, Is.EqualTo(AudioSourceKind.Synthetic));
        Assert.That(options.Camera.Width, Is.EqualTo(320));
    }

    private static string[] Errors(Action<CameraOptions> change)
    {
        var options = new DeviceOptions();
        change(options.Camera);
        return [.. DeviceOptionsValidator.Validate(options).Select(error => error.ToString())];
    }
}
