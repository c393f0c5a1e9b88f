// One `bodycam run --virtual-gpio --rig` as a real process in a session of its own (setsid), so
// that the device and its camera's ffmpeg form one process group a power cut kills at once.
// Optionally under `strace -f`, which records every write and fsync of the device (SyncTrace):
// strace itself stays outside the group and writes its log out after the kill.
// Output lines are kept for the trial's log; Dispose kills whatever is still running.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BodyCamDevice.Torture.Device;

internal sealed class DeviceProcess : IDisposable
{
    public const string Token = "torture-rig-token-0123456789";

    // The system calls SyncTrace needs: every way bytes reach a file, and every way they are synced.
    private const string TracedCalls = "trace=openat,close,write,pwrite64,writev,pwritev,pwritev2,fsync,fdatasync,ftruncate";

    // Every device still running, so an interrupted torture run kills them rather than leave them behind.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DeviceProcess, bool> Running = new();

    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly Lock _lock = new();

    private DeviceProcess(Process process, string? tracePath)
    {
        _process = process;
        TracePath = tracePath;
        process.OutputDataReceived += (_, line) => Add(line.Data);
        process.ErrorDataReceived += (_, line) => Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The bodycam process; its id is also its process group's (setsid).</summary>
    public int DeviceId { get; private set; }

    public string? TracePath { get; }

    public HttpClient Api { get; private set; } = null!;

    public DateTimeOffset StartedUtc { get; } = DateTimeOffset.UtcNow;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Starts the device; returns once its control API is up (not yet buffering).</summary>
    public static async Task<DeviceProcess> StartAsync(TortureEnvironment environment, Workspace workspace, DeviceLaunch launch, bool waitForApi = true)
    {
        var info = new ProcessStartInfo(launch.TraceSyncs ? "strace" : "setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string? tracePath = null;
        if (launch.TraceSyncs)
        {
            tracePath = Path.Combine(workspace.Root, $"syncs-{DateTime.UtcNow.Ticks}.strace");
            foreach (string argument in new[] { "-f", "--seccomp-bpf", "-y", "-s", "0", "-qq", "-e", TracedCalls, "-e", "signal=none", "-o", tracePath, "--", "setsid" })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (string argument in environment.BodycamCommand)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (string argument in new[] { "run", "--virtual-gpio", "--camera", launch.Camera, "--size", "320x240", "--config", workspace.ConfigPath,
                     "--state-dir", workspace.StateDirectory, "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0" })
        {
            info.ArgumentList.Add(argument);
        }

        // Never a real service manager's settings; the token through the environment, as documented.
        foreach (string name in new[] { "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "STATE_DIRECTORY" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["BODYCAM_RIG_TOKEN"] = Token;
        foreach (var (name, value) in launch.Environment)
        {
            info.Environment[name] = value;
        }

        var device = new DeviceProcess(Process.Start(info)!, tracePath);
        Running[device] = true;
        try
        {
            await device.AttachAsync(launch.StartTimeout, waitForApi);
            return device;
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public async Task<JsonDocument?> StatusAsync()
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            return JsonDocument.Parse(await Api.GetStringAsync("api/status", cancel.Token));
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    public async Task<string?> StateAsync()
    {
        using JsonDocument? status = await StatusAsync();
        return status?.RootElement.GetProperty("state").GetString();
    }

    /// <summary>Polls the state until it is one of <paramref name="states"/>; the time it took, or null (with the last state seen).</summary>
    public async Task<(TimeSpan? Took, string? Last)> WaitForStateAsync(TimeSpan bound, params string[] states)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < bound && !_process.HasExited)
        {
            last = await StateAsync();
            if (last is not null && states.Contains(last))
            {
                return (clock.Elapsed, last);
            }

            await Task.Delay(50);
        }

        return (null, last);
    }

    public async Task<bool> PostAsync(string path)
    {
        try
        {
            using var answer = await Api.PostAsync(path, null);
            return answer.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>The power cut: SIGKILL to the device's whole group (its ffmpeg with it). Returns the moment.</summary>
    public DateTimeOffset PowerCut()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Posix.KillGroup(DeviceId, Posix.SigKill);
        WaitForExit(TimeSpan.FromSeconds(30));
        return now;
    }

    /// <summary>SIGTERM as systemd stops the service; the exit code, or null if it did not end in time.</summary>
    public int? Stop(TimeSpan timeout)
    {
        Posix.Signal(DeviceId, Posix.SigTerm);
        return WaitForExit(timeout) ? _process.ExitCode : null;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // drains the output readers
        return true;
    }

    /// <summary>The camera's encoder: the device's ffmpeg child, if one runs.</summary>
    public int? EncoderId() => Posix.Children(DeviceId).Where(child => Posix.Name(child) == "ffmpeg").Select(child => (int?)child).FirstOrDefault();

    /// <summary>Kills every device this run started that still runs (SIGTERM or Ctrl+C to the torture).</summary>
    public static void KillAll()
    {
        foreach (var device in Running.Keys)
        {
            device.Dispose();
        }
    }

    public void Dispose()
    {
        Running.TryRemove(this, out _);
        if (!_process.HasExited)
        {
            if (DeviceId != 0)
            {
                Posix.KillGroup(DeviceId, Posix.SigKill);
            }

            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        Api?.Dispose();
        _process.Dispose();
    }

    // Finds the device's id and, unless told not to, waits for the control API's address in the log.
    private async Task AttachAsync(TimeSpan timeout, bool waitForApi)
    {
        var clock = Stopwatch.StartNew();
        string? address = null;
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            DeviceId = TracePath is null ? _process.Id : Posix.Children(_process.Id).FirstOrDefault();
            lock (_lock)
            {
                address = _lines.Select(line => line.IndexOf("Rig mode: control API on http://", StringComparison.Ordinal) is var at and >= 0
                    ? line[(at + "Rig mode: control API on ".Length)..].Split(' ')[0] : null).FirstOrDefault(found => found is not null);
            }

            if (DeviceId != 0 && (address is not null || !waitForApi))
            {
                break;
            }

            await Task.Delay(20);
        }

        if (DeviceId == 0 || (address is null && waitForApi))
        {
            throw new DeviceStartException(_process.HasExited ? $"bodycam exited with {_process.ExitCode} before its control API was up" : $"no control API within {timeout.TotalSeconds} s", Output);
        }

        Api = new HttpClient { BaseAddress = new Uri(address ?? "http://127.0.0.1:9/"), Timeout = TimeSpan.FromSeconds(30) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
        }
    }
}

/// <summary>How to start the device: its camera, under strace or not, extra environment.</summary>
internal sealed record DeviceLaunch(bool TraceSyncs = false, string Camera = "testpattern")
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

internal sealed class DeviceStartException(string message, string output) : Exception(message)
{
    public string DeviceOutput { get; } = output;
}
