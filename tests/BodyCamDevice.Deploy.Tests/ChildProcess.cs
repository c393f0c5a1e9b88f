// Runs a program to completion as a real child process and returns what it printed. A run that
// outlives its timeout is killed with its whole process tree and reported as timed out, so no test
// leaves a process behind.
using System.Diagnostics;
using System.Text;

namespace BodyCamDevice.Deploy.Tests;

internal sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut, TimeSpan Elapsed)
{
    public string[] OutputLines => StandardOutput.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Everything the run printed, for assertion messages.</summary>
    public string Transcript => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

internal static class ChildProcess
{
    public static async Task<ChildProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new ChildProcessResult(process.ExitCode, await output, await error, timedOut, stopwatch.Elapsed);
    }

    /// <summary>Runs a bash script file (never through a shell string, so paths need no quoting).</summary>
    public static Task<ChildProcessResult> RunBashAsync(string script, IEnumerable<string> arguments, TimeSpan timeout) =>
        RunAsync("/bin/bash", new[] { script }.Concat(arguments), timeout);
}
