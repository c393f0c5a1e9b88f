// Clock jumps during a recording: the device's wall clock (and its camera's) steps by +1 h, by
// -1 h, or to 1970, as a bad NTP answer or a dead RTC would do it, without touching the host's
// clock: the device runs under libfaketime (Debian's libfaketime; LD_PRELOAD), whose offset file
// the trial rewrites. The monotonic clock is left alone, as the kernel leaves it.
// libfaketime's "monotonic fix" (FAKETIME_FORCE_MONOTONIC_FIX, switched on by itself for this
// glibc) is switched off: it reinterprets the deadline of every pthread_cond_timedwait on a
// CLOCK_MONOTONIC condition variable, the wait .NET's timer thread makes. With it such waits
// return at once while the offset is +0 or an hour, and after a step to 1970 never end until
// the condition is signalled, so no timer of the device fired (no split sealed, though the
// camera went on sending frames) until the clock came back. A kernel clock step never touches
// CLOCK_MONOTONIC waits; with the fix off, libfaketime leaves them alone as well.
// Beyond the shared invariants: splits go on being sealed while the clock is off (a clip length
// and 3 s at most), and every clip's manifest duration is the length ffprobe finds (±0.2 s).
using BodyCamDevice.Torture.Checks;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class ClockJumpFault : RecordingFault
{
    public const string Library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

    private static readonly string[] Jumps = ["+1h", "-1h", "@1970-01-01 00:00:00"];

    public override string Name => "clock-jump";

    public override string Description => "the device's wall clock steps +1 h, -1 h or to 1970 mid-recording (libfaketime), and back or not";

    protected override DeviceLaunch Launch(Trial trial, DeviceSession session) => new()
    {
        Environment = new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = Library,
            ["FAKETIME_TIMESTAMP_FILE"] = OffsetFile(session),
            ["FAKETIME_NO_CACHE"] = "1",
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
            ["FAKETIME_FORCE_MONOTONIC_FIX"] = "0",
        },
    };

    protected override Task PrepareAsync(Trial trial, DeviceSession session)
    {
        if (!File.Exists(Library))
        {
            throw new InvalidOperationException($"{Library} is missing: install Debian's libfaketime (./dev torture does)");
        }

        File.WriteAllText(OffsetFile(session), "+0\n");
        return Task.CompletedTask;
    }

    protected override async Task InjectAsync(Trial trial, DeviceSession session)
    {
        string jump = Jumps[trial.Random.Next(Jumps.Length)];
        int sealedBefore = Sealed(session);
        trial.Log($"clock jumps {jump}");
        File.WriteAllText(OffsetFile(session), jump + "\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Sealed(session) == sealedBefore && clock.Elapsed < TimeSpan.FromSeconds(6))
        {
            await Task.Delay(50);
        }

        if (Sealed(session) == sealedBefore)
        {
            trial.Break("clips", $"no clip sealed within 6 s (a 3 s clip length) after the clock jumped {jump}");
        }

        await Task.Delay(trial.Random.Next(500, 3000));
        if (trial.Random.Next(2) == 0)
        {
            trial.Log("clock back");
            File.WriteAllText(OffsetFile(session), "+0\n");
        }
    }

    protected override Task AfterStopAsync(Trial trial, DeviceSession session)
    {
        foreach (string clip in session.Workspace.Clips().Where(clip => File.Exists(Path.ChangeExtension(clip, ".json"))))
        {
            var manifest = Manifest.Read(Path.ChangeExtension(clip, ".json"));
            double declared = manifest.Payload.GetProperty("clip").GetProperty("durationSeconds").GetDouble();
            double probed = ClipProbe.Of(clip).DurationSeconds;
            if (Math.Abs(declared - probed) > 0.2)
            {
                trial.Break("clips", $"{Path.GetFileName(clip)}: its manifest says {declared:F2} s, ffprobe finds {probed:F2} s");
            }
        }

        return Task.CompletedTask;
    }

    private static int Sealed(DeviceSession session) => Directory.GetFiles(session.Workspace.RecordingsDirectory, "*.json").Length;

    // In the trial's workspace: it goes with it, or is kept with it when the trial broke something.
    private static string OffsetFile(DeviceSession session) => Path.Combine(session.Workspace.Root, "clock.faketime");
}
