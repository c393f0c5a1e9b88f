// Runs ffmpeg/ffprobe for tests that check the splitter against the real encoder and demuxer.
// stderr is drained on its own task and stdout is read as bytes, so neither pipe can fill up and
// stall the child.
using System.ComponentModel;
using System.Diagnostics;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

internal static class FfmpegTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static bool IsInstalled { get; } = CanStart("ffmpeg") && CanStart("ffprobe");

    // onChunk sees stdout as the pipe delivers it, chunk by chunk; the whole output is returned too.
    public static byte[] Run(string program, IEnumerable<string> arguments, byte[]? stdin = null, Action<ReadOnlySpan<byte>>? onChunk = null)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{program} did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task feed = stdin is null ? Task.CompletedTask : Task.Run(() =>
        {
            using Stream input = process.StandardInput.BaseStream;
            input.Write(stdin);
        });

        using var output = new MemoryStream();
        var buffer = new byte[64 * 1024];
        Stream stdout = process.StandardOutput.BaseStream;
        int read;
        while ((read = stdout.Read(buffer)) > 0)
        {
            onChunk?.Invoke(buffer.AsSpan(0, read));
            output.Write(buffer, 0, read);
        }

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {Timeout}");
        }

        feed.Wait(Timeout);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {stderr.Result}");
        }

        return output.ToArray();
    }

    private static bool CanStart(string program)
    {
        try
        {
            Run(program, ["-version"]);
            return true;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
