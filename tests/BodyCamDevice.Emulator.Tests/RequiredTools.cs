// The tests that need Chromium or ffmpeg fail with a clear message when either is missing —
// they are never skipped. ./dev test installs both (APT_PACKAGES).
using BodyCamDevice.Emulator.Capture;

namespace BodyCamDevice.Emulator.Tests;

internal static class RequiredTools
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static void RequireChromium() =>
        Assert.That(File.Exists(ChromiumPath), Is.True, $"Debian's Chromium is missing at {ChromiumPath}: apt-get install -y chromium (./dev test does).");

    public static void RequireFfmpeg() =>
        Assert.That(FfmpegOnPath.Find(), Is.Not.Null, "ffmpeg is missing from PATH: apt-get install -y ffmpeg (./dev test does).");

    /// <summary>The repository root (where BodyCamDevice.sln is).</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BodyCamDevice.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BodyCamDevice.sln not found above the test directory.");
    }
}
