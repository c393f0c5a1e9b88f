// Offload faults of the way to the store and of the device: the store killed mid-PUT and started
// again, connections cut mid-body, the camera taken out of its dock mid-upload, and the camera's
// power cut mid-offload. Half of the killed-store, undock and power-cut trials strike while a
// clip's body is held half-sent by the proxy; the others at a random moment 0–3 s into the dock
// (authentication, uploads, the Complete mark, the HEAD checks or the deletions).
using BodyCamDevice.Torture.Offload;

namespace BodyCamDevice.Torture.Faults;

internal sealed class StoreKilledFault : OffloadFault
{
    public override string Name => "store-killed";

    public override string Description => "every Swift process (proxy, account, container and object servers) killed mid-PUT or 0–3 s into the dock, started again once the dock has stopped";

    protected override async Task InjectAsync(DockedTrial run)
    {
        if (!await OffloadLinkFaults.StrikeMidOffloadAsync(run, TrialStore.KillAsync, "killing the store"))
        {
            return;
        }

        await DockEndsAsync(run);
        await TrialStore.RestartAsync();
        run.Trial.Log("store started again");
    }
}

internal sealed class NetworkCutFault : OffloadFault
{
    public override string Name => "network-cut";

    public override string Description => "the connection of 1–3 clips' PUTs (once or twice each) is cut after a random part of the body";

    protected override async Task InjectAsync(DockedTrial run)
    {
        int clips = run.Trial.Random.Next(1, 4);
        for (int index = 0; index < clips; index++)
        {
            var (clip, path) = run.RandomClip();
            long after = run.Trial.Random.NextInt64(1, Math.Max(2, clip.Size));
            int times = run.Trial.Random.Next(1, 3);
            run.Proxy.CutBody("PUT", path, after, times);
            run.Trial.Log($"cutting {clip.Name}'s PUT after {after} of {clip.Size} bytes, {times} time(s)");
        }

        if (!await run.SetDockAsync(true))
        {
            return;
        }

        await DockEndsAsync(run);
        if (!run.Proxy.Requests.Any(request => request.Injected && request.Status == 0))
        {
            run.Trial.Break("trial", "no connection was cut");
        }
    }
}

internal sealed class UndockMidClipFault : OffloadFault
{
    public override string Name => "undock-mid-clip";

    public override string Description => "the dock input released mid-PUT or 0–3 s into the dock, docked again 0–2 s after the camera is back to Buffering";

    protected override bool StoredOnce => false;

    protected override async Task InjectAsync(DockedTrial run)
    {
        if (await OffloadLinkFaults.StrikeMidOffloadAsync(run, () => run.SetDockAsync(false), "undocking"))
        {
            await Task.Delay(run.Trial.Random.Next(0, 2000));
        }
    }
}

internal sealed class OffloadPowerCutFault : OffloadFault
{
    public override string Name => "offload-power-cut";

    public override string Description => "SIGKILL of bodycam and its ffmpeg mid-PUT or 0–3 s into the dock; it starts again undocked and is docked again";

    protected override bool StoredOnce => false;

    protected override async Task InjectAsync(DockedTrial run)
    {
        if (await OffloadLinkFaults.StrikeMidOffloadAsync(run, () => Task.FromResult(run.Session.PowerCut(run.Trial)), "cutting the power"))
        {
            await run.Session.StartAsync(run.Trial, new Device.DeviceLaunch());
        }
    }
}

internal static class OffloadLinkFaults
{
    /// <summary>Docks and runs <paramref name="strike"/> while a clip's body is held half-sent (half the trials) or 0–3 s into the dock; false when the trial could not get there.</summary>
    public static async Task<bool> StrikeMidOffloadAsync(DockedTrial run, Func<Task> strike, string what)
    {
        if (run.Trial.Random.Next(2) == 0)
        {
            if (await run.DockMidUploadAsync() is not { } pause)
            {
                return false;
            }

            run.Trial.Log(what + " with a PUT half-sent");
            await strike();
            pause.Release();
            return true;
        }

        if (!await run.SetDockAsync(true))
        {
            return false;
        }

        int after = run.Trial.Random.Next(0, 3000);
        await Task.Delay(after);
        run.Trial.Log($"{what} {after} ms into the dock");
        await strike();
        return true;
    }
}
