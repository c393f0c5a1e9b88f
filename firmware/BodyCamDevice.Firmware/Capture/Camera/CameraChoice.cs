// A camera chosen on a command line (the emulator's, and the device's `bodycam run --camera`):
// the real capture pipeline over a camera other than the configured one (ffmpeg's test pattern, a
// looped file or a V4L2 webcam) or the stand-in pipeline that needs no camera at all (machines
// without ffmpeg, and runs on virtual time: ffmpeg only runs in real time). Parsed from text:
// testpattern, file:PATH, v4l2[:/dev/videoN], standin.
using System.Globalization;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed record CameraChoice(CameraSourceKind? Source, string? Path)
{
    /// <summary>Desktop-sized defaults: 1280x720 at 4 Mbit/s (the configured frame rate is kept).</summary>
    public const int DefaultWidth = 1280;
    public const int DefaultHeight = 720;
    public const int DefaultBitrateKbps = 4000;

    public static readonly CameraChoice TestPattern = new(CameraSourceKind.TestPattern, null);
    public static readonly CameraChoice StandIn = new(null, null);

    /// <summary>False for the stand-in pipeline.</summary>
    public bool IsReal => Source is not null;

    public int Width { get; init; } = DefaultWidth;
    public int Height { get; init; } = DefaultHeight;

    /// <summary>The pre-record window; null keeps the configuration's (Recording.PreRecord).</summary>
    public TimeSpan? PreRecord { get; init; }

    public override string ToString() => Source switch
    {
        null => "standin",
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
            case "standin" when argument is null:
                return StandIn;
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
                error = $"Unknown camera '{text}': use testpattern, file:PATH, v4l2[:/dev/videoN] or standin.";
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

    /// <summary>
    /// Points the device's camera and recording settings at this choice: the source, a desktop
    /// size (the configured frame rate stays), libx264 unless the configuration names an encoder, synthetic audio (a desktop has
    /// no microphone the camera could rely on), recordings into <paramref name="recordingsDirectory"/>, and a buffer large
    /// enough for the window at the chosen bit rate.
    /// </summary>
    public void Apply(DeviceOptions options, string recordingsDirectory)
    {
        if (Source is not { } source)
        {
            return;
        }

        var camera = options.Camera;
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

        var recording = options.Recording;
        recording.Directory = System.IO.Path.GetFullPath(recordingsDirectory);
        if (PreRecord is { } window)
        {
            recording.PreRecord = window;
        }

        var needed = (recording.PreRecord.TotalSeconds + 4) * camera.BitrateKbps * 1000 / 8 * 2;
        recording.BufferBytes = (int)Math.Min(int.MaxValue, Math.Max(recording.BufferBytes, Math.Max(4 * 1024 * 1024, needed)));
    }
}
