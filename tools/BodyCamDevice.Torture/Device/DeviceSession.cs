// A device under test and its workspace across one or more starts: start it and hold it to the
// recovery bound, cut its power (losing the unsynced bytes when it ran under strace), stop it as
// systemd does, and check the invariants on what it left. Faults build their trials from these.
using BodyCamDevice.Torture.Checks;

namespace BodyCamDevice.Torture.Device;

internal sealed class DeviceSession : IDisposable
{
    private IReadOnlyDictionary<string, long> _sizesAtStart = new Dictionary<string, long>();

    public DeviceSession(TortureEnvironment environment, string name)
    {
        Environment = environment;
        Workspace = new Workspace(Path.Combine(environment.WorkRoot, name));
    }

    public TortureEnvironment Environment { get; }

    public Workspace Workspace { get; }

    public Invariants Invariants { get; } = new();

    public DeviceProcess? Device { get; private set; }

    /// <summary>Starts the device; false (and the invariant broken) when it does not reach one of <paramref name="states"/> within the recovery bound.</summary>
    public async Task<bool> StartAsync(Trial trial, DeviceLaunch launch, params string[] states)
    {
        Device?.Dispose();
        _sizesAtStart = SyncTrace.Sizes(Workspace.StateDirectory);
        try
        {
            Device = await DeviceProcess.StartAsync(Environment, Workspace, launch);
        }
        catch (DeviceStartException exception)
        {
            trial.Break("recovery", $"{exception.Message}\n{Tail(exception.DeviceOutput)}");
            Device = null;
            return false;
        }

        trial.Log($"started bodycam {Device.DeviceId}{(launch.TraceSyncs ? " under strace" : "")}");
        return await ExpectStateAsync(trial, "after a start", states.Length == 0 ? ["Buffering"] : states);
    }

    /// <summary>Starts the device and returns without waiting for its control API (to cut its power while it boots).</summary>
    public async Task LaunchAsync(Trial trial, DeviceLaunch launch)
    {
        Device?.Dispose();
        _sizesAtStart = SyncTrace.Sizes(Workspace.StateDirectory);
        Device = await DeviceProcess.StartAsync(Environment, Workspace, launch, waitForApi: false);
        trial.Log($"launched bodycam {Device.DeviceId}{(launch.TraceSyncs ? " under strace" : "")}");
    }

    /// <summary>Waits for the device to reach a state within the recovery bound; breaks the invariant if not.</summary>
    public async Task<bool> ExpectStateAsync(Trial trial, string when, params string[] states)
    {
        var (took, last) = await Device!.WaitForStateAsync(Fault.RecoveryBound, states);
        if (took is null)
        {
            trial.Break("recovery", $"not {string.Join(" or ", states)} within {Fault.RecoveryBound.TotalSeconds} s {when} (last {last ?? "no answer"}{(Device.HasExited ? $", exited {Device.ExitCode}" : "")})\n{Tail(Device.Output)}");
            return false;
        }

        trial.Log($"{last} {took.Value.TotalSeconds:F2} s {when}");
        return true;
    }

    /// <summary>Cuts the power: the moment, and the clips left without a manifest (torn).</summary>
    public (DateTimeOffset At, IReadOnlyList<string> Torn) PowerCut(Trial trial)
    {
        var device = Device!;
        DateTimeOffset at = device.PowerCut();
        if (device.TracePath is { } trace)
        {
            foreach (var cut in SyncTrace.CutToSynced(trace, Workspace.StateDirectory, _sizesAtStart))
            {
                trial.Log($"unsynced bytes lost: {Path.GetRelativePath(Workspace.StateDirectory, cut.Path)} {cut.From} -> {cut.To}");
            }

            File.Delete(trace);
        }

        var torn = Workspace.Clips().Where(clip => !File.Exists(Path.ChangeExtension(clip, ".json"))).Select(Path.GetFileName).ToList();
        trial.Log($"power cut at {at:HH:mm:ss.fff}; torn: {string.Join(", ", torn)}");
        device.Dispose();
        Device = null;
        return (at, torn!);
    }

    /// <summary>SIGTERM; breaks the invariant unless the device ends cleanly (exit 0) within 45 s (systemd's stop timeout).</summary>
    public void Stop(Trial trial)
    {
        if (Device is null)
        {
            return;
        }

        int? exit = Device.Stop(TimeSpan.FromSeconds(45));
        if (exit != 0)
        {
            trial.Break("shutdown", $"SIGTERM: {(exit is null ? "still running after 45 s" : $"exit code {exit}")}\n{Tail(Device.Output)}");
        }

        Device.Dispose();
        Device = null;
    }

    public void Check(Trial trial, IReadOnlyCollection<string>? torn = null, IReadOnlyCollection<string>? foreign = null) =>
        Invariants.Check(trial, Workspace, torn, foreign);

    /// <summary>Removes the workspace (kept when asked to, or when a trial broke something).</summary>
    public void Remove(bool keep)
    {
        Dispose();
        if (!keep && !Environment.Keep)
        {
            Directory.Delete(Workspace.Root, recursive: true);
        }
    }

    public void Dispose()
    {
        Device?.Dispose();
        Device = null;
    }

    public static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(15));
}
