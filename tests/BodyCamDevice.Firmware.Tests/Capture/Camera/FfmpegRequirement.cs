// Camera tests run the real ffmpeg. Without it (or the watermark font) they fail and say what to
// install rather than pass silently: CI installs both (./dev test does).
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

internal static class FfmpegRequirement
{
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

    public static void Check()
    {
        if (!FfmpegTool.IsInstalled)
        {
            Assert.Fail("camera tests need ffmpeg and ffprobe on PATH: apt-get install -y ffmpeg fonts-dejavu-core");
        }

        if (!File.Exists(Font))
        {
            Assert.Fail($"camera tests need the watermark font {Font}: apt-get install -y fonts-dejavu-core");
        }
    }

    // Polls a condition of a real process; returns how long it took.
    public static TimeSpan WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"{what}: not within {timeout.TotalSeconds} s");
            }

            Thread.Sleep(20);
        }

        return clock.Elapsed;
    }

    public static int[] FfmpegChildren() =>
        [.. Firmware.Capture.Camera.ChildProcesses.List().Where(child => child.Name == "ffmpeg" && child.State != 'Z').Select(child => child.Id)];
}
