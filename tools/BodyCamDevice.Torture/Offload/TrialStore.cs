// The evidence store the offload faults dock against: one real single-node Swift on 127.0.0.1
// (services/swift/swift-dev) for the whole run, started at the first offload trial (10–30 s) and
// stopped when the run ends or is interrupted. A trial that kills it starts it again; each trial
// gets an officer ID of its own, so its recordings' containers are its own.
using BodyCamDevice.DevServices;

namespace BodyCamDevice.Torture.Offload;

internal static class TrialStore
{
    private static SwiftDevStore? _store;
    private static bool _down;
    private static int _officers;

    public static async Task<SwiftDevStore> GetAsync()
    {
        if (_store is null)
        {
            _store = await SwiftDevStore.StartAsync();
        }
        else if (_down)
        {
            await RestartAsync();
        }

        return _store;
    }

    /// <summary>Ends every Swift process at once (the store's own power cut).</summary>
    public static async Task KillAsync()
    {
        _down = true;
        await _store!.StopAsync();
    }

    /// <summary>Starts it again on the same ports with everything it had stored.</summary>
    public static async Task RestartAsync()
    {
        await _store!.StartAgainAsync();
        _down = false;
    }

    /// <summary>A short officer ID no other trial of this run (and store) has: it fits the 320-pixel watermark.</summary>
    public static string NextOfficer() => $"T{Interlocked.Increment(ref _officers):D3}";

    public static async Task StopAsync()
    {
        if (_store is { } store)
        {
            _store = null;
            await store.DisposeAsync();
        }
    }
}
