// The shape every offload fault shares: a fresh device per trial with the store's connection
// installed (through a proxy of the trial's own in front of the run's real Swift) records one or
// two recordings; the torture copies and hashes every file; the device docks and the fault strikes mid-offload; then, the fault gone, it docks again
// until the offload is Done, is undocked (back to Buffering), ends on SIGTERM, and invariant 3 is
// judged against the store itself (StoreInvariants), then 1 and 2 over what the device kept and
// the store's copies of what it deleted. Footage lost: the seconds of clips deleted
// from the device that the store does not hold.
using BodyCamDevice.DevServices;
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;
using BodyCamDevice.Torture.Offload;

namespace BodyCamDevice.Torture.Faults;

internal abstract class OffloadFault : Fault
{
    public override async Task RunTrialAsync(Trial trial)
    {
        var store = await TrialStore.GetAsync();
        await using var proxy = await StoreProxy.StartAsync(store.AuthUri);
        var session = new DeviceSession(trial.Environment, $"{Name}-{trial.Number:D3}");
        // Odd trials (the first of each, so the short run too) encrypt every clip to a store key
        // only the torture holds; even ones record in clear.
        var encryption = trial.Number % 2 == 1 ? new EncryptedClips(Path.Combine(session.Workspace.Root, "store-key")) : null;
        var run = new DockedTrial(trial, session, proxy, store, TrialStore.NextOfficer(), encryption);
        try
        {
            session.Workspace.WriteConfig(extraSections: DockedTrial.QuickOffload, officerId: run.Officer);
            if (!run.InstallConnection() || !await session.StartAsync(trial, new DeviceLaunch()) || !await run.RecordAsync())
            {
                return;
            }

            run.Snapshot = LocalSnapshot.Take(session.Workspace);
            trial.Log($"before the dock: {run.Snapshot.Clips.Count} clips, {run.Snapshot.Files.Count} files ({run.Snapshot.Files.Sum(file => file.Size)} bytes), {(encryption is null ? "in clear" : "encrypted to " + EncryptedClips.PublicKeyId)}");
            await InjectAsync(run);
            proxy.ClearFaults();
            if (!trial.Survived || !await run.DockUntilDoneAsync() || !await run.SetDockAsync(false))
            {
                return;
            }

            session.Stop(trial);
            trial.LostSeconds = await StoreInvariants.CheckAsync(run, StoredOnce);
        }
        finally
        {
            session.Remove(keep: !trial.Survived);
        }
    }

    /// <summary>
    /// Whether every object must be stored exactly once. A dock cancelled or killed mid-request may
    /// lose the store's answer to a PUT it already made, and send that object again (never one of a
    /// recording it had confirmed).
    /// </summary>
    protected virtual bool StoredOnce => true;

    /// <summary>Docks the device and strikes while it offloads; the run then docks again with the fault gone.</summary>
    protected abstract Task InjectAsync(DockedTrial run);

    /// <summary>Waits for the dock to end (Done or Failing) after the fault; false (and the invariant broken) when it does not within the bound.</summary>
    protected static async Task<(bool Ended, string? Phase, string? Reason)> DockEndsAsync(DockedTrial run)
    {
        var (reached, phase, reason) = await run.WaitForPhaseAsync(DockedTrial.OffloadBound, "Done", "Failing");
        if (!reached)
        {
            run.Trial.Break("recovery", $"the offload neither finished nor stopped within {DockedTrial.OffloadBound.TotalSeconds} s of the fault (phase {phase ?? "unknown"}{(reason is null ? "" : ": " + reason)})");
        }

        return (reached, phase, reason);
    }
}
