// `bodycam run` started by a bench as systemd would start it: NOTIFY_SOCKET pointing at the
// bench's ReadinessSocket, no watchdog, its output collected for the bench to show when the
// device misbehaves. Disposing kills the device and every child it started (its ffmpeg).
using System.Diagnostics;
using System.Text;

namespace BodyCamDevice.Benchmarks.Startup;

internal sealed class BenchDevice : IDisposable
{
    private readonly StringBuilder _output = new();

    /// <param name="command">The program and its first arguments ("dotnet exec bodycam.dll", a published bodycam, a qemu prefix).</param>
    /// <param name="environment">Variables to set besides NOTIFY_SOCKET (a rig token).</param>
    public BenchDevice(IEnumerable<string> command, IEnumerable<string> arguments, ReadinessSocket readiness, IReadOnlyDictionary<string, string>? environment = null)
    {
        var all = command.Concat(arguments).ToList();
        var info = new ProcessStartInfo(all[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in all.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NOTIFY_SOCKET"] = readiness.Path;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.Environment.Remove("WATCHDOG_USEC");
        Process = Process.Start(info)!;
        Process.OutputDataReceived += (_, line) => Append(line.Data);
        Process.ErrorDataReceived += (_, line) => Append(line.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>Everything the device wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The path to run bodycam: "dotnet exec" for a bodycam.dll, the file itself for a published bodycam.</summary>
    public static string[] Command(string bodycam) =>
        bodycam.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", "exec", bodycam] : [bodycam];

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.WaitForExit();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
