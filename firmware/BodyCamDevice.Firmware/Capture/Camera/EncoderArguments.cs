// Builds the ffmpeg command for each camera source. Pure: no file, device or process is touched.
// Every source ends in the same output: the watermark, H.264 with an IDR (carrying SPS/PPS) every
// KeyframeInterval, optional AAC, MPEG-TS flushed packet by packet. Timestamps are always ffmpeg's
// own (frame times from the source, the device's buffer times, or arrival times for raw frames on a
// pipe), never made up here; -fps_mode passthrough keeps ffmpeg from duplicating or dropping frames
// to fake a constant rate.
using System.Globalization;

namespace BodyCamDevice.Firmware.Capture.Camera;

public static class EncoderArguments
{
    // FFMpegCore keeps every stderr line of a run in memory for as long as the run lasts, so ffmpeg
    // prints errors only and no progress lines.
    // ffmpeg's output I/O buffer (IO_BUFFER_SIZE): what it writes to the pipe at once, unflushed.
    private const int OutputBlockBytes = 32 * 1024;

    public static readonly IReadOnlyList<string> GlobalOptions = ["-hide_banner", "-nostats", "-loglevel", "error"];

    // encoder: the resolved choice (see EncoderSelection), never Auto.
    public static EncoderCommand Build(CameraOptions options, Watermark watermark, CameraEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (encoder == CameraEncoder.Auto)
        {
            throw new ArgumentException("resolve Auto with EncoderSelection first", nameof(encoder));
        }

        bool audio = options.Audio.Enabled;
        var inputs = new List<EncoderInput> { VideoInput(options) };
        if (audio)
        {
            inputs.Add(AudioInput(options.Audio));
        }

        var output = new List<string> { "-map", "0:v:0" };
        output.AddRange(audio ? ["-map", "1:a:0"] : ["-an"]);
        output.AddRange(["-vf", WatermarkFilter.Build(watermark), "-fps_mode", "passthrough"]);
        output.AddRange(VideoEncoder(options, encoder));
        if (audio)
        {
            output.AddRange(["-c:a", "aac", "-b:a", $"{options.Audio.BitrateKbps}k", "-ar", Number(options.Audio.SampleRate), "-ac", "1"]);
        }

        // -muxdelay 0: the MPEG-TS muxer holds audio for up to half this delay (0.35 s by default)
        // to fill a PES packet; with none, every AAC frame (1024 samples, ~21 ms) is its own access
        // unit with its own timestamp, so pre-roll audio can be cut at the trigger to the frame
        // (about 40 kbit/s more TS headers). It also drops the 1.4 s start offset.
        // -flush_packets: when ffmpeg's 32 KiB output buffer goes down the pipe. Each write wakes
        // the camera's reader thread, and flushed at every packet a 1080p frame is two writes and
        // each AAC frame one more: ~85 a second. A stream thick enough that 32 KiB is at most two
        // frame intervals of it (from ~3.9 Mbit/s at 30 fps) is written only in full blocks, ~30
        // a second, and no frame waits longer than those two intervals. A thinner stream is
        // flushed at every packet, so its frames never wait for the next 32 KiB.
        output.AddRange(["-muxdelay", "0", "-flush_packets", FlushesEveryPacket(options) ? "1" : "0"]);
        return new EncoderCommand(GlobalOptions, inputs, output, options.Source == CameraSourceKind.RpiCam ? RpiCamCapture(options) : null);
    }

    /// <summary>True when ffmpeg's 32 KiB output blocks would hold more than two frame intervals of the stream.</summary>
    public static bool FlushesEveryPacket(CameraOptions options) => BytesPerFrame(options) * 2 < OutputBlockBytes;

    /// <summary>One frame interval's share of the configured bitrate, in bytes.</summary>
    public static long BytesPerFrame(CameraOptions options) => options.BitrateKbps * 1000L / 8 / Math.Max(1, options.FrameRate);

    // The whole number of frames between keyframes (validated: KeyframeInterval is a whole number of frames).
    public static int GopLength(CameraOptions options) =>
        (int)(options.KeyframeInterval.Ticks * options.FrameRate / TimeSpan.TicksPerSecond);

    private static EncoderInput VideoInput(CameraOptions options)
    {
        string size = $"{options.Width}x{options.Height}";
        string rate = Number(options.FrameRate);
        return options.Source switch
        {
            // -re paces the generator in real time; its timestamps are frame counts at the given rate.
            CameraSourceKind.TestPattern => new(["-re", "-f", "lavfi"], SyncTestSignal.VideoGraph(options.Width, options.Height, options.FrameRate)),

            // -stream_loop restarts the file at its end and moves timestamps on by its duration, so
            // they keep rising across the loop point; +genpts fills in any the file lacks.
            CameraSourceKind.File => new(["-stream_loop", "-1", "-re", "-fflags", "+genpts"], options.FilePath ?? ""),

            // Buffer timestamps from the driver, converted from the monotonic clock to wall-clock
            // time so they share a time base with ALSA's (which are wall-clock).
            CameraSourceKind.V4L2 => new(["-f", "v4l2", "-thread_queue_size", "64", "-ts", "mono2abs", "-framerate", rate, "-video_size", size], options.V4L2Device),

            // Raw frames carry no timestamps on a pipe: each frame is stamped with the wall clock as
            // it arrives (within a few milliseconds of capture), never with a counted frame rate.
            // The format is given, so nothing needs probing and "q" is honoured at once.
            CameraSourceKind.RpiCam => new(
                ["-f", "rawvideo", "-pix_fmt", "yuv420p", "-video_size", size, "-framerate", rate,
                 "-use_wallclock_as_timestamps", "1", "-thread_queue_size", "64", "-probesize", "32", "-analyzeduration", "0"],
                EncoderCommand.CaptureUrl),

            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Source, "unknown camera source"),
        };
    }

    private static EncoderInput AudioInput(CameraAudioOptions audio) => audio.Source switch
    {
        AudioSourceKind.Synthetic => new(["-re", "-f", "lavfi"], SyncTestSignal.AudioGraph(audio.SampleRate)),
        AudioSourceKind.Alsa => new(["-f", "alsa", "-thread_queue_size", "64", "-sample_rate", Number(audio.SampleRate), "-channels", "1"], audio.AlsaDevice),
        _ => throw new ArgumentOutOfRangeException(nameof(audio), audio.Source, "unknown audio source"),
    };

    private static IEnumerable<string> VideoEncoder(CameraOptions options, CameraEncoder encoder)
    {
        string gop = Number(GopLength(options));
        string bitrate = $"{options.BitrateKbps}k";

        // An IDR every KeyframeInterval by time (force_key_frames), bounded by -g in frames, never
        // earlier (keyint_min) and never on a scene cut (sc_threshold 0, libx264 only): the
        // pre-record buffer evicts whole GOPs and relies on their regular length.
        string forceKeyframes = "expr:gte(t,n_forced*" + options.KeyframeInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture) + ")";
        string[] rateAndGop =
        [
            "-pix_fmt", "yuv420p",
            "-b:v", bitrate, "-maxrate", bitrate, "-bufsize", bitrate,
            "-g", gop, "-keyint_min", gop,
        ];

        return encoder switch
        {
            CameraEncoder.Libx264 =>
            [
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", .. rateAndGop,
                "-sc_threshold", "0", "-force_key_frames", forceKeyframes,

                // SPS/PPS in front of every IDR, so any keyframe starts a playable clip.
                "-x264-params", "repeat-headers=1",
            ],
            CameraEncoder.H264V4l2m2m =>
            [
                "-c:v", "h264_v4l2m2m", .. rateAndGop, "-force_key_frames", forceKeyframes,

                // The hardware encoder gives SPS/PPS once; dump_extra repeats them on every keyframe.
                "-bsf:v", "dump_extra",
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(encoder), encoder, "unknown encoder"),
        };
    }

    // rpicam-vid without preview or time limit, raw YUV 4:2:0 frames to stdout, flushed per frame.
    private static CaptureCommand RpiCamCapture(CameraOptions options) => new(
        options.RpiCamPath,
        ["-t", "0", "--nopreview", "--codec", "yuv420", "--width", Number(options.Width), "--height", Number(options.Height),
         "--framerate", Number(options.FrameRate), "--flush", "-o", "-"]);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
