// Pictures as 8-bit luma, decoded by ffmpeg, compared area by area: enough to tell a watermark from
// the pattern under it without reading the text.
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

internal static class Gray
{
    public readonly record struct Area(int Left, int Top, int Width, int Height);

    // Where the watermark's two line boxes fall at 12 px text (frames up to 324 lines high):
    // measured on a render, the clock box spans rows h-37..h-23 and the identity box h-20..h-6.
    public static Area WatermarkArea(int frameHeight) => new(4, frameHeight - 37, 140, 32);

    public static Area ClockLine(int frameHeight) => new(4, frameHeight - 37, 140, 15);

    public static Area IdentityLine(int frameHeight) => new(4, frameHeight - 20, 140, 15);

    // Clear of the watermark, testsrc2's own counter (top left) and the flash (top right).
    public static readonly Area MiddleArea = new(100, 80, 120, 80);

    public static byte[] FirstFrame(byte[] transportStream) => FfmpegTool.Run(
        "ffmpeg",
        ["-hide_banner", "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-frames:v", "1", "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1"],
        stdin: transportStream);

    // Frame frameNumber of the test pattern exactly as the camera source generates it, unwatermarked.
    public static byte[] PatternFrame(int width, int height, int frameRate, int frameNumber) => FfmpegTool.Run(
        "ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", SyncTestSignal.VideoGraph(width, height, frameRate),
            "-vf", FilterEscaping.Filter("select", ("expr", $"eq(n,{frameNumber})")), "-frames:v", "1",
            "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1",
        ]);

    public static double MeanDifference(byte[] first, byte[] second, int frameWidth, Area area)
    {
        long sum = 0;
        for (int y = area.Top; y < area.Top + area.Height; y++)
        {
            for (int x = area.Left; x < area.Left + area.Width; x++)
            {
                sum += Math.Abs(first[(y * frameWidth) + x] - second[(y * frameWidth) + x]);
            }
        }

        return (double)sum / (area.Width * area.Height);
    }
}
