// `device-cpu [--seconds N] [--warmup S] [--bodycam PATH] [--recording]`: the whole device process
// while buffering (with --recording: while recording, encrypted against unencrypted in the same
// run, DeviceRecordingCpu.cs): `bodycam run --virtual-gpio` (published as the device gets it, see StartupCommand)
// with the camera configured for the test pattern at 1080p30, 8 Mbit/s libx264 and synthetic AAC.
// Once the device reports READY=1 and S seconds have passed (default 150: the pre-record window
// full and evicting, and the 128 MiB byte arena touched once at 1 MB/s), CPU time from /proc over
// N seconds (default 30) of the bodycam process alone and of each of its child processes (the
// camera's encoder), and bodycam's resident set.
// Linux only. Exit code: 0 measured, 1 the device failed, 2 bad arguments.
using System.Diagnostics;
using System.Globalization;

namespace BodyCamDevice.Benchmarks.Camera;

internal static class DeviceCpuCommand
{
    internal const string Config = """
        {
          "Identity": { "DeviceSerial": "BC-BENCH", "OfficerId": "0000" },
          "Camera": {
            "Source": "TestPattern", "Width": 1920, "Height": 1080, "FrameRate": 30, "BitrateKbps": 8000,
            "Encoder": "Libx264", "Audio": { "Enabled": true, "Source": "Synthetic" }
          },
          "Recording": { "Directory": "recordings", "PreRecord": "00:00:30" },
          "Audit": { "Path": "audit.jsonl" }
        }
        """;

    public static int Run(string[] args)
    {
        int seconds = 30, warmup = -1;
        string? bodycam = null;
        bool recording = false;
        for (int i = 0; i < args.Length; i += 2)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            bool ok = args[i] switch
            {
                "--seconds" => int.TryParse(value, CultureInfo.InvariantCulture, out seconds) && seconds > 0,
                "--warmup" => int.TryParse(value, CultureInfo.InvariantCulture, out warmup) && warmup >= 0,
                "--bodycam" when value is not null => (bodycam = Path.GetFullPath(value)) is not null,
                "--recording" => recording = true,
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine("usage: device-cpu [--seconds N] [--warmup S] [--bodycam PATH] [--recording]");
                return 2;
            }

            // --recording takes no value.
            i -= args[i] == "--recording" ? 1 : 0;
        }

        // Buffering: the 128 MiB arena touched once first; recording: the pre-record window full.
        warmup = warmup >= 0 ? warmup : recording ? 40 : 150;

        bodycam ??= Startup.StartupCommand.PublishBodycam();
        if (bodycam is null)
        {
            return 2;
        }

        string directory = Directory.CreateTempSubdirectory("bodycam-device-cpu-").FullName;
        try
        {
            return recording ? DeviceRecordingCpu.Compare(bodycam, directory, seconds, warmup) : Measure(bodycam, directory, seconds, warmup);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int Measure(string bodycam, string directory, int seconds, int warmup)
    {
        string config = Path.Combine(directory, "bodycam.json");
        File.WriteAllText(config, Config);
        using var readiness = new Startup.ReadinessSocket(directory, TimeSpan.FromSeconds(60));

        string[] command = Startup.BenchDevice.Command(bodycam);
        using var bench = new Startup.BenchDevice(command, ["run", "--config", config, "--virtual-gpio", "--state-dir", Path.Combine(directory, "state")], readiness);
        Process device = bench.Process;
        Console.WriteLine($"device-cpu: {string.Join(' ', command)} run --virtual-gpio; camera test pattern 1920x1080 at 30 fps, 8000 kbit/s libx264, synthetic AAC; {Environment.ProcessorCount} cores");
        if (!readiness.WaitForReady())
        {
            Console.Error.WriteLine($"device-cpu: no READY=1 within 60 s. Output:\n{bench.Output}");
            return 1;
        }

        Console.WriteLine($"device-cpu: buffering; warming up {warmup} s, then measuring {seconds} s");
        Thread.Sleep(TimeSpan.FromSeconds(warmup));
        var before = Snapshot(device.Id);
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var after = Snapshot(device.Id);
        double elapsed = clock.Elapsed.TotalSeconds;
        if (device.HasExited)
        {
            Console.Error.WriteLine($"device-cpu: the device exited ({device.ExitCode}). Output:\n{bench.Output}");
            return 1;
        }

        double Percent(long ticks) => ticks / ProcFs.TicksPerSecond / elapsed * 100;
        Console.WriteLine(Invariant($"  bodycam (pid {device.Id}), firmware alone: {Percent(after[device.Id].Ticks - before[device.Id].Ticks),6:0.0} % of one core"));
        foreach ((int pid, (long ticks, string name)) in after.Where(entry => entry.Key != device.Id))
        {
            long start = before.TryGetValue(pid, out var earlier) ? earlier.Ticks : 0;
            Console.WriteLine(Invariant($"  child {name} (pid {pid}):{Percent(ticks - start),18:0.0} % of one core"));
        }

        double capacityMiB = new BodyCamDevice.Firmware.Configuration.RecordingSettings().BufferBytes / 1048576.0;
        double targetMiB = capacityMiB + 60e6 / 1048576.0;
        double residentMiB = ProcFs.ResidentKiB(device.Id.ToString(CultureInfo.InvariantCulture)) / 1024.0;
        Console.WriteLine(Invariant($"  bodycam resident set: {residentMiB:0.0} MiB (buffer capacity {capacityMiB:0} MiB, the default; target <= capacity + 60 MB = {targetMiB:0.0} MiB: {(residentMiB <= targetMiB ? "met" : "MISSED")})"));
        return 0;
    }

    // CPU ticks (utime + stime) and name of the device process and its direct children.
    internal static Dictionary<int, (long Ticks, string Name)> Snapshot(int devicePid)
    {
        var processes = new Dictionary<int, (long Ticks, string Name)>();
        foreach (string path in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(path), CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                string statPath = Path.Combine(path, "stat");
                string stat = File.ReadAllText(statPath);
                string name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (pid == devicePid || parent == devicePid)
                {
                    processes[pid] = (ProcFs.CpuTicks(statPath), name);
                }
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
        }

        return processes;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
