// Small, fast camera settings for tests: 320x240 at 30 fps, 1 s keyframes, synthetic audio.
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

internal static class CameraTestOptions
{
    public static readonly Watermark Watermark = new("BC-TEST01", "4711", ClockIsSet: true);

    public static CameraOptions Create(CameraSourceKind source = CameraSourceKind.TestPattern) => new()
    {
        Source = source,
        Width = 320,
        Height = 240,
        FrameRate = 30,
        BitrateKbps = 1000,
        Encoder = CameraEncoder.Libx264,
        Audio = new CameraAudioOptions { Source = AudioSourceKind.Synthetic },
        StallTimeout = TimeSpan.FromSeconds(2),
        StopGracePeriod = TimeSpan.FromSeconds(2),
    };
}
