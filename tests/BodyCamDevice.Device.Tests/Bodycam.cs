// Runs the built `bodycam` as a real child process (dotnet exec of bodycam.dll, built with this
// test project in the same configuration), collecting its output. Every process a test starts is
// killed when the test ends, if it has not exited by itself.
using System.Diagnostics;

namespace BodyCamDevice.Device.Tests;

internal sealed class Bodycam : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();
    private readonly List<string> _error = new();
    private readonly Lock _lock = new();

    private Bodycam(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, line) => Add(_output, line.Data);
        process.ErrorDataReceived += (_, line) => Add(_error, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Raised for every line on stdout or stderr (on a reader thread).</summary>
    public event Action<string>? Line;

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _error);
            }
        }
    }

    /// <summary>The built bodycam.dll next to the device project's sources.</summary>
    public static string DllPath
    {
        get
        {
            // .../tests/BodyCamDevice.Device.Tests/bin/<Configuration>/net10.0
            var testDirectory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            var configuration = testDirectory.Parent!.Name;
            var path = Path.Combine(RepositoryRoot, "firmware", "BodyCamDevice.Device", "bin", configuration, testDirectory.Name, "bodycam.dll");
            Assert.That(File.Exists(path), Is.True, $"bodycam.dll not built at {path}");
            return path;
        }
    }

    public static string RepositoryRoot
    {
        get
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

    /// <summary>
    /// A published bodycam to test instead of the built bodycam.dll (BODYCAM_UNDER_TEST): the
    /// trimmed, self-contained build the device gets, which `./dev test` runs these tests on too.
    /// </summary>
    public static string? Published => Environment.GetEnvironmentVariable("BODYCAM_UNDER_TEST") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    public static Bodycam Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var published = Published;
        var info = new ProcessStartInfo(published ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (published is null)
        {
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(DllPath);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A test never inherits a real service manager's or rig's settings.
        foreach (var name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "BODYCAM_RIG_TOKEN", "STATE_DIRECTORY" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        return new Bodycam(Process.Start(info)!);
    }

    /// <summary>Runs to the end (at most <paramref name="timeout"/>) and returns the exit code.</summary>
    public static (int ExitCode, string Output, string Error) Run(IEnumerable<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var bodycam = Start(arguments, environment);
        var exitCode = bodycam.WaitForExit(timeout ?? TimeSpan.FromSeconds(60));
        return (exitCode, bodycam.Output, bodycam.Error);
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Assert.Fail($"bodycam did not exit within {timeout.TotalSeconds} s. Output:\n{Output}\nErrors:\n{Error}");
        }

        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Waits for a line of output containing <paramref name="text"/> and returns it.</summary>
    public string WaitForLine(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            lock (_lock)
            {
                var found = _output.Concat(_error).FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal));
                if (found is not null)
                {
                    return found;
                }
            }

            if (_process.HasExited)
            {
                break;
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"no line with '{text}' within {timeout.TotalSeconds} s. Output:\n{Output}\nErrors:\n{Error}");
        return null!;
    }

    /// <summary>SIGTERM, as systemd stops a service.</summary>
    public void Terminate() => Posix.Kill(_process.Id, Posix.SigTerm);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            lines.Add(line);
        }

        TestContext.Progress.WriteLine("  bodycam| " + line);
        Line?.Invoke(line);
    }
}

internal static partial class Posix
{
    public const int SigTerm = 15;

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
