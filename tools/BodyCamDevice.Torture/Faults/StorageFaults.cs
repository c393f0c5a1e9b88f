// Storage faults under a recording, on a 16 MiB tmpfs mounted over the recordings folder:
//  storage-full       a filler file leaves 0–1.5 MiB free at a random moment (below the 1 MiB
//                     reserve, down to none at all: writes fail with ENOSPC).
// Then the recording is stopped, the device ended with SIGTERM, the storage repaired (filler
// removed) and the device started again: whatever it could not seal, the
// next start must seal as interrupted, and every invariant must hold.
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal abstract class StorageFault : RecordingFault
{
    protected const int Megabytes = 16;

    protected override string[] ExpectedAfterStop => ["Buffering", "Fault"];

    protected override Task PrepareAsync(Trial trial, DeviceSession session)
    {
        Mounts.Tmpfs(session.Workspace.RecordingsDirectory, Megabytes);
        return Task.CompletedTask;
    }

    protected override async Task AfterStopAsync(Trial trial, DeviceSession session)
    {
        session.Stop(trial);
        Repair(session);
        var torn = session.Workspace.Clips().Where(clip => !File.Exists(Path.ChangeExtension(clip, ".json"))).Select(Path.GetFileName).ToList();
        trial.Log($"storage repaired; unsealed: {string.Join(", ", torn)}");
        if (await session.StartAsync(trial, new DeviceLaunch()))
        {
            session.Stop(trial);
        }

        session.Check(trial, torn!);
    }

    protected abstract void Repair(DeviceSession session);

    protected override Task CleanUpAsync(DeviceSession session)
    {
        session.Dispose();
        Mounts.Unmount(session.Workspace.RecordingsDirectory);
        return Task.CompletedTask;
    }
}

internal sealed class StorageFullFault : StorageFault
{
    public override string Name => "storage-full";

    public override string Description => $"a {Megabytes} MiB recordings volume filled to 0–1.5 MiB free mid-recording";

    protected override Task InjectAsync(Trial trial, DeviceSession session)
    {
        string recordings = session.Workspace.RecordingsDirectory;
        long leave = trial.Random.Next(0, 1536) * 1024L;
        long fill = Math.Max(0, Mounts.FreeBytes(recordings) - leave);
        trial.Log($"filling {fill} bytes, leaving {leave}");
        var block = new byte[64 * 1024];
        try
        {
            using var filler = new FileStream(Path.Combine(recordings, "filler.bin"), FileMode.Create, FileAccess.Write);
            for (long written = 0; written < fill; written += block.Length)
            {
                filler.Write(block, 0, (int)Math.Min(block.Length, fill - written));
            }
        }
        catch (IOException exception)
        {
            trial.Log($"filler stopped: {exception.Message}"); // the volume is full: so much the better
        }

        return Task.CompletedTask;
    }

    protected override IReadOnlyCollection<string> Foreign => ["filler.bin"];

    protected override void Repair(DeviceSession session) => File.Delete(Path.Combine(session.Workspace.RecordingsDirectory, "filler.bin"));
}
