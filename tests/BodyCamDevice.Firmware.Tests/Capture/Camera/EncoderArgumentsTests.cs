// The ffmpeg command of each camera source, argument by argument. Whether ffmpeg accepts them is
// proven by the tests that run it (CameraSourceTests, WatermarkRenderTests).
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class EncoderArgumentsTests
{
    private static readonly Watermark Identity = new("BC-000123", "4711", ClockIsSet: true);

    private const string Font = "fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf:fontsize='max(12,h/27)':fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=3:x=lh/2";

    private static readonly string WatermarkGraph =
        $"drawtext={Font}:y=h-2*lh-16:text='%{{gmtime\\:%Y-%m-%dT%H\\\\\\:%M\\\\\\:%SZ}}',"
        + $"drawtext={Font}:y=h-lh-8:text='SN BC-000123  ID 4711'";

    private static readonly string[] Libx264Output =
    [
        "-vf", WatermarkGraph, "-fps_mode", "passthrough",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-b:v", "8000k", "-maxrate", "8000k", "-bufsize", "8000k", "-g", "30", "-keyint_min", "30",
        "-sc_threshold", "0", "-force_key_frames", "expr:gte(t,n_forced*1)", "-x264-params", "repeat-headers=1",
    ];

    private static readonly string[] AacOutput = ["-c:a", "aac", "-b:a", "96k", "-ar", "48000", "-ac", "1"];

    // 1080p30 at 8 Mbit/s (the defaults): ffmpeg writes full 32 KiB blocks.
    private static readonly string[] PipeOutput = ["-muxdelay", "0", "-flush_packets", "0", "-f", "mpegts", "pipe:1"];

    private static CameraOptions Options(CameraSourceKind source, AudioSourceKind audio = AudioSourceKind.Synthetic) => new()
    {
        Source = source,
        FilePath = "/data/loop.mp4",
        Audio = new CameraAudioOptions { Source = audio },
    };

    [Test]
    public void Test_pattern_is_paced_lavfi_with_the_flash_and_the_synchronised_tone()
    {
        EncoderCommand command = EncoderArguments.Build(Options(CameraSourceKind.TestPattern), Identity, CameraEncoder.Libx264);

        Assert.That(command.ToArgumentList(), Is.EqualTo(new[]
        {
            "-hide_banner", "-nostats", "-loglevel", "error",
            "-re", "-f", "lavfi", "-i",
            "testsrc2=size=1920x1080:rate=30,drawbox=x=iw*3/4:y=0:w=iw/4:h=ih/4:color=white:t=fill:enable='lt(mod(t,1),0.1)'",
            "-re", "-f", "lavfi", "-i", "aevalsrc=exprs='if(lt(mod(t,1),0.1),0.5*sin(2*PI*1000*t),0)':s=48000",
            "-map", "0:v:0", "-map", "1:a:0",
        }.Concat(Libx264Output).Concat(AacOutput).Concat(PipeOutput)));
        Assert.That(command.Capture, Is.Null);
    }

    [TestCase(8000, 30, "0")] // 33 KB a frame: a 32 KiB block is one frame interval
    [TestCase(4000, 30, "0")] // a block is two frame intervals
    [TestCase(3000, 30, "1")] // a block would be 2.6 frame intervals: flushed at every packet
    [TestCase(1000, 15, "1")]
    public void A_thin_stream_is_flushed_at_every_packet_and_a_thick_one_in_full_blocks(int kbps, int fps, string flush)
    {
        var options = Options(CameraSourceKind.TestPattern);
        options.BitrateKbps = kbps;
        options.FrameRate = fps;
        var arguments = EncoderArguments.Build(options, Identity, CameraEncoder.Libx264).ToArgumentList().ToList();
        Assert.That(arguments[arguments.IndexOf("-flush_packets") + 1], Is.EqualTo(flush));
    }

    [Test]
    public void File_is_looped_in_real_time_with_generated_timestamps()
    {
        EncoderCommand command = EncoderArguments.Build(Options(CameraSourceKind.File), Identity, CameraEncoder.Libx264);

        Assert.That(command.Inputs[0], Has.Property("Url").EqualTo("/data/loop.mp4"));
        Assert.That(command.Inputs[0].Options, Is.EqualTo(new[] { "-stream_loop", "-1", "-re", "-fflags", "+genpts" }));
        Assert.That(command.ToArgumentList(), Is.SupersetOf(Libx264Output));
    }

    [Test]
    public void V4L2_reads_the_device_with_wall_clock_timestamps_beside_alsa()
    {
        EncoderCommand command = EncoderArguments.Build(Options(CameraSourceKind.V4L2, AudioSourceKind.Alsa), Identity, CameraEncoder.H264V4l2m2m);

        Assert.That(command.ToArgumentList(), Is.EqualTo(new[]
        {
            "-hide_banner", "-nostats", "-loglevel", "error",
            "-f", "v4l2", "-thread_queue_size", "64", "-ts", "mono2abs", "-framerate", "30", "-video_size", "1920x1080", "-i", "/dev/video0",
            "-f", "alsa", "-thread_queue_size", "64", "-sample_rate", "48000", "-channels", "1", "-i", "default",
            "-map", "0:v:0", "-map", "1:a:0", "-vf", WatermarkGraph, "-fps_mode", "passthrough",
            "-c:v", "h264_v4l2m2m", "-pix_fmt", "yuv420p", "-b:v", "8000k", "-maxrate", "8000k", "-bufsize", "8000k",
            "-g", "30", "-keyint_min", "30", "-force_key_frames", "expr:gte(t,n_forced*1)", "-bsf:v", "dump_extra",
        }.Concat(AacOutput).Concat(PipeOutput)));
    }

    [Test]
    public void RpiCam_pipes_raw_frames_from_rpicam_vid_into_ffmpeg()
    {
        EncoderCommand command = EncoderArguments.Build(Options(CameraSourceKind.RpiCam, AudioSourceKind.Alsa), Identity, CameraEncoder.H264V4l2m2m);

        Assert.That(command.Capture, Is.Not.Null);
        Assert.That(command.Capture!.Program, Is.EqualTo("rpicam-vid"));
        Assert.That(command.Capture.Arguments, Is.EqualTo(new[]
        {
            "-t", "0", "--nopreview", "--codec", "yuv420", "--width", "1920", "--height", "1080", "--framerate", "30", "--flush", "-o", "-",
        }));
        Assert.That(command.Inputs[0].Url, Is.EqualTo("pipe:0"));
        Assert.That(command.Inputs[0].Options, Is.EqualTo(new[]
        {
            "-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", "1920x1080", "-framerate", "30",
            "-use_wallclock_as_timestamps", "1", "-thread_queue_size", "64", "-probesize", "32", "-analyzeduration", "0",
        }));
        Assert.That(command.Inputs[1].Url, Is.EqualTo("default"));
    }

    [Test]
    public void Without_audio_there_is_one_input_and_no_audio_stream()
    {
        CameraOptions options = Options(CameraSourceKind.TestPattern);
        options.Audio.Enabled = false;

        EncoderCommand command = EncoderArguments.Build(options, Identity, CameraEncoder.Libx264);

        Assert.That(command.Inputs, Has.Count.EqualTo(1));
        Assert.That(command.OutputOptions, Does.Contain("-an"));
        Assert.That(command.OutputOptions, Does.Not.Contain("-c:a"));
    }

    [Test]
    public void Keyframe_spacing_follows_the_interval_in_frames_and_in_time()
    {
        CameraOptions options = Options(CameraSourceKind.TestPattern);
        options.FrameRate = 25;
        options.KeyframeInterval = TimeSpan.FromSeconds(2);
        options.BitrateKbps = 4000;

        IReadOnlyList<string> arguments = EncoderArguments.Build(options, Identity, CameraEncoder.Libx264).ToArgumentList();

        Assert.That(ValueAfter(arguments, "-g"), Is.EqualTo("50"));
        Assert.That(ValueAfter(arguments, "-keyint_min"), Is.EqualTo("50"));
        Assert.That(ValueAfter(arguments, "-force_key_frames"), Is.EqualTo("expr:gte(t,n_forced*2)"));
        Assert.That(ValueAfter(arguments, "-b:v"), Is.EqualTo("4000k"));
        Assert.That(ValueAfter(arguments, "-bufsize"), Is.EqualTo("4000k"));
    }

    [Test]
    public void An_unset_clock_is_burnt_in_as_clock_not_set()
    {
        EncoderCommand command = EncoderArguments.Build(Options(CameraSourceKind.TestPattern), Identity with { ClockIsSet = false }, CameraEncoder.Libx264);

        string filter = ValueAfter(command.ToArgumentList(), "-vf");
        Assert.That(filter, Does.Contain("text='CLOCK NOT SET'"));
        Assert.That(filter, Does.Not.Contain("gmtime"));
    }

    [Test]
    public void Auto_must_be_resolved_before_building()
    {
        Assert.Throws<ArgumentException>(() => EncoderArguments.Build(Options(CameraSourceKind.TestPattern), Identity, CameraEncoder.Auto));
    }

    [TestCase("Raspberry Pi 4 Model B Rev 1.4", CameraEncoder.H264V4l2m2m)]
    [TestCase("Raspberry Pi 400 Rev 1.0", CameraEncoder.H264V4l2m2m)]
    [TestCase("Raspberry Pi Compute Module 4 Rev 1.0", CameraEncoder.H264V4l2m2m)]
    [TestCase("Raspberry Pi 5 Model B Rev 1.0", CameraEncoder.Libx264)]
    [TestCase(null, CameraEncoder.Libx264)]
    public void Auto_uses_the_hardware_encoder_only_on_the_Pi_4_family(string? board, CameraEncoder expected)
    {
        Assert.That(EncoderSelection.Resolve(CameraEncoder.Auto, board), Is.EqualTo(expected));
        Assert.That(EncoderSelection.Resolve(CameraEncoder.Libx264, board), Is.EqualTo(CameraEncoder.Libx264), "a configured encoder is kept");
    }

    private static string ValueAfter(IReadOnlyList<string> arguments, string option) =>
        arguments[arguments.ToList().IndexOf(option) + 1];
}
