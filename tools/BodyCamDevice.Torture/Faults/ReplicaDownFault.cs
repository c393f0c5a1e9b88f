// One of three object servers down mid-upload: the device offloads to a three-replica Swift
// (Device/ReplicatedStore), and 0–1.5 s after its upload began one object server is killed. Swift
// stores an object on two of three (its quorum), so the offload must still complete; if it stops,
// a second dock (the server started again) must finish it. Judged through the store's own HTTP
// API, not the firmware's client: every file that left the device is in the store, its HEAD ETag
// the MD5 of the bytes the device held; and every recording the store marks Complete has each of
// its clips there. The store outlives the trials (a new device each trial); Finish stops it.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class ReplicaDownFault : Fault
{
    /// <summary>How long an offload of a few recordings may take on this machine, server loss included.</summary>
    private static readonly TimeSpan OffloadBound = TimeSpan.FromSeconds(180);

    private ReplicatedStore? _store;
    private bool _anyBroken;

    public override string Name => "replica-down";

    public override string Description => "one of three object servers of a three-replica Swift killed 0–1.5 s into an offload; the offload must complete (quorum 2 of 3) or resume at the next dock";

    public override async Task RunTrialAsync(Trial trial)
    {
        _store ??= await ReplicatedStore.StartAsync(Path.Combine(trial.Environment.WorkRoot, "replicated-store"));
        var session = new DeviceSession(trial.Environment, $"{Name}-{trial.Number:D3}");
        int server = trial.Random.Next(1, ReplicatedStore.ObjectServers + 1);
        try
        {
            await RunAsync(trial, session, _store, server);
        }
        finally
        {
            _store.StartObjectServer(server);
            _anyBroken |= !trial.Survived;
            session.Remove(keep: !trial.Survived);
        }
    }

    // The store's disks and logs go with it, unless a trial broke something (its objects are the
    // evidence) or every trial's files are kept.
    public override Task FinishAsync(Trial end)
    {
        if (_store is { } store)
        {
            store.Dispose();
            if (!_anyBroken && !end.Environment.Keep)
            {
                Directory.Delete(store.Directory, recursive: true);
            }
        }

        _store = null;
        return Task.CompletedTask;
    }

    private async Task RunAsync(Trial trial, DeviceSession session, ReplicatedStore store, int server)
    {
        var (exit, output) = await Bodycam.RunAsync(trial.Environment, "connection", "set", store.ConnectionFile, "--state-dir", session.Workspace.StateDirectory);
        if (exit != 0)
        {
            trial.Break("trial", $"bodycam connection set exit {exit}: {output}");
            return;
        }

        if (!await session.StartAsync(trial, new DeviceLaunch()))
        {
            return;
        }

        var device = session.Device!;
        for (int recording = 0; recording < 2; recording++)
        {
            await device.PostAsync("api/recording/start");
            if (!await session.ExpectStateAsync(trial, "after a start request", "Recording"))
            {
                return;
            }

            await Task.Delay(trial.Random.Next(3000, 7000));
            await device.PostAsync("api/recording/stop");
            if (!await session.ExpectStateAsync(trial, "after a stop request", "Buffering"))
            {
                return;
            }
        }

        // What the device holds before the dock: every file of every recording, with its MD5.
        var held = Directory.GetFiles(session.Workspace.RecordingsDirectory)
            .Where(file => !Path.GetFileName(file).StartsWith('.'))
            .ToDictionary(file => file, file => (Md5: Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(file))), Length: new FileInfo(file).Length));
        trial.Log($"docking with {held.Count} files; object server {server} dies mid-upload");

        await SetDockAsync(device, true);
        if (await WaitForPhaseAsync(device, TimeSpan.FromSeconds(60), "Uploading", "Done", "Failing") is not { } first)
        {
            trial.Break("offload", "the dock did not start an offload within 60 s");
            return;
        }

        await Task.Delay(trial.Random.Next(0, 1500));
        store.StopObjectServer(server);
        trial.Log($"object server {server} killed (offload was {first})");

        string? phase = await WaitForPhaseAsync(device, OffloadBound, "Done", "Failing");
        trial.Log($"offload {phase ?? "still running"} with one object server down");
        if (phase != "Done")
        {
            // Resuming: undock, the server back, dock again.
            await SetDockAsync(device, false);
            store.StartObjectServer(server);
            await Task.Delay(1000);
            await SetDockAsync(device, true);
            phase = await WaitForPhaseAsync(device, OffloadBound, "Done", "Failing");
            trial.Log($"offload {phase ?? "still running"} at the second dock");
            if (phase != "Done")
            {
                trial.Break("offload", $"the offload did not complete with one of three object servers down, nor at the next dock ({phase ?? "still running"} after {OffloadBound.TotalSeconds} s)");
            }
        }

        await SetDockAsync(device, false);
        await session.ExpectStateAsync(trial, "after undocking", "Buffering");
        session.Stop(trial);
        await CheckStoreAsync(trial, store, held);
        session.Check(trial);
    }

    // Every file gone from the device is in the store with the device's MD5 (HEAD's ETag and
    // length); every recording the store marks Complete has all its clips there.
    private static async Task CheckStoreAsync(Trial trial, ReplicatedStore store, Dictionary<string, (string Md5, long Length)> held)
    {
        var stored = await store.ObjectsAsync("4711_BC-000777_");
        foreach (var (file, (md5, length)) in held)
        {
            bool onDevice = File.Exists(file);
            var candidates = stored[md5].ToList();
            (string ETag, long Length)? head = null;
            foreach (var (container, name, _) in candidates)
            {
                head = await store.HeadObjectAsync(container, name);
                if (head is { } found && found.ETag == md5 && found.Length == length)
                {
                    break;
                }
            }

            bool inStore = head is { } h && h.ETag == md5 && h.Length == length;
            if (!onDevice && !inStore)
            {
                trial.Break("store", $"{Path.GetFileName(file)} was deleted from the device but the store holds no object with its MD5 {md5} and {length} bytes ({candidates.Count} listed)");
            }
        }

        foreach (string container in await store.ContainersAsync("4711_BC-000777_"))
        {
            string? status = await store.ContainerStatusAsync(container);
            if (status != "Complete")
            {
                continue;
            }

            // 4711_BC-000777_<trigger time>[_<counter>] holds the recording BC-000777_<trigger time>_<counter>.
            string time = container.Split('_')[2];
            foreach (var (file, (md5, _)) in held.Where(entry => Path.GetFileName(entry.Key).StartsWith($"BC-000777_{time}_", StringComparison.Ordinal) && entry.Key.EndsWith(".mp4", StringComparison.Ordinal)))
            {
                if (!stored[md5].Any(entry => entry.Container == container))
                {
                    trial.Break("store", $"{container} is marked Complete but {Path.GetFileName(file)} (MD5 {md5}) is not in it");
                }
            }
        }

        trial.Log($"store checked: {held.Count(entry => !File.Exists(entry.Key))} of {held.Count} files left the device");
    }

    private static async Task SetDockAsync(DeviceProcess device, bool docked)
    {
        using var answer = await device.Api.PutAsync("api/inputs/dock", JsonContent(docked));
    }

    private static StringContent JsonContent(bool active) => new($"{{\"active\":{(active ? "true" : "false")}}}", System.Text.Encoding.UTF8, "application/json");

    private static async Task<string?> WaitForPhaseAsync(DeviceProcess device, TimeSpan bound, params string[] phases)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            using (JsonDocument? status = await device.StatusAsync())
            {
                if (status is not null && status.RootElement.TryGetProperty("offload", out var offload) && offload.ValueKind == JsonValueKind.Object
                    && offload.GetProperty("phase").GetString() is { } phase && phases.Contains(phase))
                {
                    return phase;
                }
            }

            await Task.Delay(50);
        }

        return null;
    }
}
