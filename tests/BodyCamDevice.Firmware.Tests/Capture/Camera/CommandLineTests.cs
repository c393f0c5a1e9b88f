// FFMpegCore passes ffmpeg a single argument string that .NET splits again. Checked against the
// real splitting by starting printf with the joined string and reading back each argument.
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class CommandLineTests
{
    [Test]
    public void Every_argument_survives_dotnets_splitting_unchanged()
    {
        string[] arguments =
        [
            "plain", "", "two words", "a\"quote", "trailing\\", "trailing space\\", "\\\\server\\share",
            @"text='%{gmtime\:%Y-%m-%dT%H\\\:%M\\\:%SZ}'", "back\\\"slash quote", "tab\there",
        ];
        var startInfo = new ProcessStartInfo("printf")
        {
            Arguments = CommandLine.Join(["[%s]\\n", .. arguments]),
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        using var process = Process.Start(startInfo)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.That(output, Is.EqualTo(string.Concat(arguments.Select(argument => $"[{argument}]\n"))));
    }

    [Test]
    public void Simple_arguments_are_not_quoted()
    {
        Assert.That(CommandLine.Join(["-c:v", "libx264", "expr:gte(t,n_forced*1)"]), Is.EqualTo("-c:v libx264 expr:gte(t,n_forced*1)"));
    }
}
