// The walk-through in docs/device.md ("Driving a device from a rig") run as written: its trial
// device block (`bodycam run --virtual-gpio --camera testpattern … --rig &`) and its rig block
// (curl and jq: wait for Buffering, read bufferFill, double-press, hold, download the clip and
// its manifest, `bodycam verify`) in one bash script. The test changes only what must differ on a
// shared machine: the port (a free one instead of 8081) and the state directory (its own);
// `bodycam` on PATH is the build under test. If the docs change, this runs the new text.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace BodyCamDevice.Device.Tests.Rig;

[Category("ffmpeg")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public partial class DocumentedRigExampleTests
{
    [Test]
    [CancelAfter(150_000)]
    public async Task TheRigWalkThroughInTheDocsWorksAsWritten()
    {
        var blocks = ShellBlocks(Section(File.ReadAllText(Path.Combine(Bodycam.RepositoryRoot, "docs", "device.md")), "## Driving a device from a rig"));
        Assert.That(blocks, Has.Count.EqualTo(3), "the camera's block, the trial device's and the rig's");
        var (trial, rig) = (blocks[1], blocks[2]);
        Assert.That(trial, Does.Contain("--rig-port 8081").And.Contain("/tmp/bodycam-rig"));
        Assert.That(rig, Does.Contain("127.0.0.1:8081").And.Contain("bodycam verify"));

        var work = Directory.CreateTempSubdirectory("bodycam-rig-doc-").FullName;
        try
        {
            var port = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var state = Path.Combine(work, "state");
            var bin = Directory.CreateDirectory(Path.Combine(work, "bin")).FullName;
            var wrapper = Path.Combine(bin, "bodycam");
            await File.WriteAllTextAsync(wrapper, Bodycam.Published is { } published
                ? $"#!/bin/sh\nexec '{published}' \"$@\"\n"
                : $"#!/bin/sh\nexec dotnet exec '{Bodycam.DllPath}' \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // Exits at the first failing command; the trial device is stopped however it ends.
            var script = string.Join('\n',
                "set -euo pipefail",
                trial.Replace("8081", port, StringComparison.Ordinal).Replace("/tmp/bodycam-rig", state, StringComparison.Ordinal),
                "trap 'kill $BODYCAM 2>/dev/null || true' EXIT",
                rig.Replace("8081", port, StringComparison.Ordinal),
                "kill $BODYCAM",
                "wait $BODYCAM || true",
                "echo walk-through done");
            var (exitCode, output) = await RunBashAsync(script, work, bin, TimeSpan.FromSeconds(120));

            Assert.That(exitCode, Is.Zero, output);
            Assert.That(output, Does.Contain("\"targetSeconds\":30"), "bufferFill from the device's capture pipeline");
            Assert.That(output, Does.Contain("ok: every check passed"), "bodycam verify accepted the downloaded clip with the device's key from the rig API");
            Assert.That(output, Does.Contain("walk-through done"));
            var clip = Directory.GetFiles(work, "*_clip01.mp4").Single();
            Assert.That(File.ReadAllBytes(clip), Is.EqualTo(File.ReadAllBytes(Path.Combine(state, "recordings", Path.GetFileName(clip)))), "the download is the device's clip");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"docs/device.md has no section {heading}");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    private static List<string> ShellBlocks(string text) => ShellBlock().Matches(text).Select(match => match.Groups["code"].Value).ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, string workingDirectory, string bin, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        foreach (var name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "BODYCAM_RIG_TOKEN", "STATE_DIRECTORY" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); TestContext.Progress.WriteLine("  rig| " + text); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { } text) { lines.Enqueue(text); TestContext.Progress.WriteLine("  rig| " + text); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.StandardInput.WriteAsync(script + "\n");
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, $"timed out after {timeout.TotalSeconds} s:\n" + string.Join('\n', lines));
        }

        process.WaitForExit(); // drains the output readers
        return (process.ExitCode, string.Join('\n', lines));
    }

    [GeneratedRegex("```sh\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();
}
