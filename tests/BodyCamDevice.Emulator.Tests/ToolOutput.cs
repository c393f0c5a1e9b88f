// Runs a command-line tool (openssl, ffprobe) to the end and returns what it printed; a non-zero
// exit fails the test with the tool's error output.
using System.Diagnostics;

namespace BodyCamDevice.Emulator.Tests;

internal static class ToolOutput
{
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
