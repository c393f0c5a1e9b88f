// `bodycam` subcommands other than run (connection set, …) as a separate process: the exit code
// and what it printed.
using System.Diagnostics;

namespace BodyCamDevice.Torture.Device;

internal static class Bodycam
{
    public static async Task<(int Exit, string Output)> RunAsync(TortureEnvironment environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(environment.BodycamCommand[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in environment.BodycamCommand.Skip(1).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (output + await error).Trim());
    }
}
