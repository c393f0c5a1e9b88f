// Where the emulator finds ffmpeg for what only it does with it (the ffmpeg cameras, the page's
// stills): the ffmpeg on PATH, or null when there is none.
namespace BodyCamDevice.Emulator.Capture;

internal static class FfmpegOnPath
{
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "ffmpeg"))
            .FirstOrDefault(File.Exists);
}
