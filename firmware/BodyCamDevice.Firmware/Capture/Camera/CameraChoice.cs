// A camera chosen on a command line (the emulator's, and the device's `bodycam run --camera`) in
// place of the configured one: ffmpeg's test pattern, a looped file or a V4L2 webcam through the
// ffmpeg camera, or the virtual camera, which replays a built-in clip and needs no ffmpeg (and is
// the only one that runs on virtual time: ffmpeg runs in real time). Either way the recording goes
// through the device's capture pipeline. Parsed from text: testpattern, file:PATH,
// v4l2[:/dev/videoN], virtual.
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed record CameraChoice(CameraSourceKind? Source, string? Path)
{
    /// <summary>Desktop-sized defaults: 1280x720 at 4 Mbit/s (the configured frame rate is kept).</summary>
    public const int DefaultWidth = 1280;
    public const int DefaultHeight = 720;
    public const int DefaultBitrateKbps = 4000;

    public static readonly CameraChoice TestPattern = new(CameraSourceKind.TestPattern, null);
    public static readonly CameraChoice Virtual = new(null, null);

    /// <summary>True for the virtual camera (no ffmpeg, any clock).</summary>
    public bool IsVirtual => Source is null;

    public int Width { get; init; } = DefaultWidth;
    public int Height { get; init; } = DefaultHeight;

    /// <summary>The pre-record window; null keeps the configuration's (Recording.PreRecord).</summary>
    public TimeSpan? PreRecord { get; init; }

    public override string ToString() => Source switch
    {
        null => "virtual",
        CameraSourceKind.TestPattern => "testpattern",
        CameraSourceKind.File => $"file:{Path}",
        CameraSourceKind.V4L2 => $"v4l2:{Path}",
        _ => Source.ToString()!.ToLowerInvariant(),
    };

    /// <summary>Null and an error message when the text is not a camera.</summary>
    public static CameraChoice? Parse(string text, out string? error)
    {
        error = null;
        var (kind, argument) = text.IndexOf(':') is var colon and > 0 ? (text[..colon], text[(colon + 1)..]) : (text, null);
        switch (kind.ToLowerInvariant())
        {
            case "testpattern" when argument is null:
                return TestPattern;
            case "virtual" when argument is null:
                return Virtual;
            case "file" when !string.IsNullOrEmpty(argument):
                if (!File.Exists(argument))
                {
                    error = $"Camera file not found: {argument}";
                    return null;
                }

                return new CameraChoice(CameraSourceKind.File, System.IO.Path.GetFullPath(argument));
            case "v4l2":
                return new CameraChoice(CameraSourceKind.V4L2, string.IsNullOrEmpty(argument) ? "/dev/video0" : argument);
            default:
                error = $"Unknown camera '{text}': use testpattern, file:PATH, v4l2[:/dev/videoN] or virtual.";
                return null;
        }
    }

    /// <summary>Parses WIDTHxHEIGHT (e.g. 320x240).</summary>
    public static bool TryParseSize(string text, out int width, out int height)
    {
        width = height = 0;
        var parts = text.Split('x', 'X');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width is >= 16 and <= 7680 && height is >= 16 and <= 4320 && width % 2 == 0 && height % 2 == 0;
    }

    /// <summary>The camera this choice makes: the virtual one, or ffmpeg's over the settings <see cref="Apply"/> wrote.</summary>
    public CameraSourceFactory Factory() => IsVirtual ? VirtualCameraSource.Factory() : FfmpegCameraSource.Factory();

    /// <summary>
    /// Points the device's camera and recording settings at this choice: recordings into
    /// <paramref name="recordingsDirectory"/> and the pre-record window; for an ffmpeg camera also
    /// the source, a desktop size (the configured frame rate stays), libx264 unless the configuration names an encoder, synthetic
    /// audio (a desktop has no microphone the camera could rely on) and a buffer large enough for
    /// the window at the chosen bit rate. For the virtual camera, the size, rate and bit rates of
    /// its clip, and a buffer sized for them (its stall and restart timings stay as configured).
    /// </summary>
    public void Apply(DeviceOptions options, string recordingsDirectory)
    {
        var recording = options.Recording;
        recording.Directory = System.IO.Path.GetFullPath(recordingsDirectory);
        if (PreRecord is { } window)
        {
            recording.PreRecord = window;
        }

        var camera = options.Camera;
        if (Source is not { } source)
        {
            camera.Width = VirtualCameraSource.Width;
            camera.Height = VirtualCameraSource.Height;
            camera.FrameRate = VirtualCameraSource.FrameRate;
            camera.BitrateKbps = VirtualCameraSource.BitrateKbps;
            camera.Audio.Source = AudioSourceKind.Synthetic;
            camera.Audio.SampleRate = VirtualCameraSource.AudioSampleRate;
            camera.Audio.BitrateKbps = VirtualCameraSource.AudioBitrateKbps;
            recording.BufferBytes = (int)Math.Max(4 * 1024 * 1024, (recording.PreRecord.TotalSeconds + 4) * camera.BitrateKbps * 1000 / 8 * 2);
            return;
        }

        camera.Source = source;
        if (source == CameraSourceKind.File)
        {
            camera.FilePath = Path;
        }
        else if (source == CameraSourceKind.V4L2)
        {
            camera.V4L2Device = Path!;
        }

        // The configured frame rate stays: Camera.KeyframeInterval and Camera.StallTimeout were
        // checked against it, and a configuration that is valid must stay valid here.
        camera.Width = Width;
        camera.Height = Height;
        camera.BitrateKbps = Width * Height <= 640 * 480 ? 1000 : DefaultBitrateKbps;
        if (camera.Encoder == CameraEncoder.Auto)
        {
            camera.Encoder = CameraEncoder.Libx264;
        }

        camera.Audio.Source = AudioSourceKind.Synthetic;
        var needed = (recording.PreRecord.TotalSeconds + 4) * camera.BitrateKbps * 1000 / 8 * 2;
        recording.BufferBytes = (int)Math.Min(int.MaxValue, Math.Max(recording.BufferBytes, Math.Max(4 * 1024 * 1024, needed)));
    }
}
