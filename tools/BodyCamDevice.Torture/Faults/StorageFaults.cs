// Storage faults under a recording, on a 16 MiB tmpfs mounted over the recordings folder:
//  storage-full       a filler file leaves 0–1.5 MiB free at a random moment (below the 1 MiB
//                     reserve, down to none at all: writes fail with ENOSPC);
//  storage-read-only  (on a 32 MiB ext4 volume instead) a file-system error turns the volume
//                     read-only, as an SD card's does: every write fails with EROFS.
// Then the recording is stopped, the device ended with SIGTERM, the storage repaired (filler
// removed; fsck and mounted again) and the device started again: whatever it could not seal, the
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

    // A device that can no longer write must not go on looking as if it recorded: within the
    // recovery bound it leaves Recording or raises an alarm.
    protected static async Task StorageFaultShownAsync(Trial trial, DeviceSession session)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string shown = "nothing";
        while (clock.Elapsed < RecoveryBound)
        {
            using var status = await session.Device!.StatusAsync();
            if (status is not null)
            {
                string state = status.RootElement.GetProperty("state").GetString()!;
                var alarms = status.RootElement.GetProperty("alarms").EnumerateArray().Select(alarm => alarm.GetString()).ToList();
                shown = $"state {state}, alarms [{string.Join(", ", alarms)}]";
                if (state != "Recording" || alarms.Count > 0)
                {
                    trial.Log($"storage fault shown after {clock.Elapsed.TotalSeconds:F2} s: {shown}");
                    return;
                }
            }

            await Task.Delay(100);
        }

        trial.Break("recovery", $"storage unwritable for {RecoveryBound.TotalSeconds} s and the device shows {shown}");
    }

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

        return StorageFaultShownAsync(trial, session);
    }

    protected override IReadOnlyCollection<string> Foreign => ["filler.bin"];

    protected override void Repair(DeviceSession session) => File.Delete(Path.Combine(session.Workspace.RecordingsDirectory, "filler.bin"));
}

internal sealed class StorageReadOnlyFault : StorageFault
{
    public override string Name => "storage-read-only";

    public override string Description => "the recordings volume (ext4, errors=remount-ro) turned read-only by a file-system error mid-recording";

    protected override Task PrepareAsync(Trial trial, DeviceSession session)
    {
        Mounts.Ext4Image(Image(session), session.Workspace.RecordingsDirectory, 32);
        return Task.CompletedTask;
    }

    protected override Task InjectAsync(Trial trial, DeviceSession session)
    {
        trial.Log("file-system error: the volume turns read-only");
        Mounts.TriggerFileSystemError(session.Workspace.RecordingsDirectory);
        return StorageFaultShownAsync(trial, session);
    }

    protected override void Repair(DeviceSession session) => Mounts.RepairExt4(Image(session), session.Workspace.RecordingsDirectory);

    private static string Image(DeviceSession session) => Path.Combine(session.Workspace.Root, "card.img");
}
