// Offload faults of the store's answers, each through the trial's proxy while the device
// offloads: a 503 storm, a full store (507), a body damaged on the way (422 from Swift), and every
// token expiring (401 until the device authenticates again).
using BodyCamDevice.Torture.Offload;

namespace BodyCamDevice.Torture.Faults;

internal sealed class StoreBusyFault : OffloadFault
{
    public override string Name => "store-503";

    public override string Description => "mid-PUT, the store answers 503 to the next 3–40 requests of each kind (PUT, POST, HEAD, GET): back-off, then on or stop and resume";

    protected override async Task InjectAsync(DockedTrial run)
    {
        if (await run.DockMidUploadAsync() is not { } pause)
        {
            return;
        }

        int storm = run.Trial.Random.Next(3, 41);
        run.Trial.Log($"503 storm: the next {storm} requests of each kind");
        foreach (string method in new[] { "PUT", "POST", "HEAD", "GET" })
        {
            run.Proxy.Answer(method, _ => true, 503, storm);
        }

        pause.Release();
        await DockEndsAsync(run);
    }
}

internal sealed class StoreFullFault : OffloadFault
{
    public override string Name => "store-full";

    public override string Description => "mid-PUT, the store answers every PUT with 507: the dock stops at once and shows the store full; docked again once there is room";

    protected override async Task InjectAsync(DockedTrial run)
    {
        if (await run.DockMidUploadAsync() is not { } pause)
        {
            return;
        }

        run.Proxy.Answer("PUT", _ => true, 507, times: 100_000);
        pause.Release();
        var (ended, phase, reason) = await DockEndsAsync(run);
        bool refused = run.Proxy.Requests.Any(request => request.Status == 507);
        if (ended && refused && (phase != "Failing" || reason?.Contains("full", StringComparison.OrdinalIgnoreCase) != true))
        {
            run.Trial.Break("recovery", $"the store answered 507, but the dock shows {phase}{(reason is null ? "" : ": " + reason)}, not the store full");
        }
    }
}

internal sealed class StoreCorruptingFault : OffloadFault
{
    public override string Name => "store-corrupting";

    public override string Description => "a proxy flips one byte of 1–2 clips' bodies (once or twice each): Swift answers 422, the clip is sent again and stored intact";

    protected override async Task InjectAsync(DockedTrial run)
    {
        var damaged = new List<string>();
        int clips = run.Trial.Random.Next(1, 3);
        for (int index = 0; index < clips; index++)
        {
            var (clip, path) = run.RandomClip();
            int times = run.Trial.Random.Next(1, 3);
            run.Proxy.CorruptBody("PUT", path, times);
            damaged.Add(clip.Name);
            run.Trial.Log($"damaging {clip.Name}'s body {times} time(s)");
        }

        if (!await run.SetDockAsync(true))
        {
            return;
        }

        await DockEndsAsync(run);
        if (!run.Proxy.Requests.Any(request => request.Status == 422))
        {
            run.Trial.Break("trial", $"no damaged body reached the store (no 422) for {string.Join(", ", damaged)}");
        }
    }
}

internal sealed class TokenExpiryFault : OffloadFault
{
    public override string Name => "token-expiry";

    public override string Description => "mid-PUT, every token issued so far expires (401 until the device authenticates again), in half the trials a second time 0.2–1.5 s later";

    protected override async Task InjectAsync(DockedTrial run)
    {
        if (await run.DockMidUploadAsync() is not { } pause)
        {
            return;
        }

        run.Trial.Log("tokens expire");
        run.Proxy.ExpireTokens();
        pause.Release();
        if (run.Trial.Random.Next(2) == 0)
        {
            await Task.Delay(run.Trial.Random.Next(200, 1500));
            run.Trial.Log("tokens expire again");
            run.Proxy.ExpireTokens();
        }

        await DockEndsAsync(run);
    }
}
