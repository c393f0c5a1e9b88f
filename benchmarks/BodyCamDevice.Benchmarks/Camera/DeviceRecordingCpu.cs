// `device-cpu --recording`: the whole device while it records 1080p30 at 8 Mbit/s, once with
// encryption at rest off and once on (AES-256-CBC to an RSA-2048 evidence store key made for the
// run), one after the other in the same run, each from a fresh state directory. Each device is
// started as `device-cpu` starts it, plus rig mode on 127.0.0.1 to start the recording; after the
// warm-up (default 40 s: the 30 s pre-record window full) it starts a recording, lets it settle
// 5 s, then takes the CPU time of the bodycam process (and its encoder) from /proc over the
// window. Target: encrypted minus unencrypted ≤ 0.5 % of one core.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;

namespace BodyCamDevice.Benchmarks.Camera;

internal static class DeviceRecordingCpu
{
    public const double TargetPercentOfCore = 0.5;

    private const string Token = "bench-rig-token-0123456789";

    public static int Compare(string bodycam, string directory, int seconds, int warmup)
    {
        using var store = RSA.Create(2048);
        string storeKey = store.ExportSubjectPublicKeyInfoPem();
        var results = new List<(string Name, double Percent)>();
        foreach ((string name, string? key) in new[] { ("unencrypted", (string?)null), ("encrypted", storeKey) })
        {
            double? percent = Measure(bodycam, Directory.CreateDirectory(Path.Combine(directory, name)).FullName, name, key, seconds, warmup);
            if (percent is null)
            {
                return 1;
            }

            results.Add((name, percent.Value));
        }

        double difference = results[1].Percent - results[0].Percent;
        bool met = difference <= TargetPercentOfCore;
        Console.WriteLine(Invariant($"device-cpu while recording: encrypted {results[1].Percent:0.00} % - unencrypted {results[0].Percent:0.00} % = {difference:+0.00;-0.00} % of one core (target <= {TargetPercentOfCore} %): {(met ? "met" : "MISSED")}"));
        return met ? 0 : 1;
    }

    // The bodycam process's CPU over the window, in % of one core; null when the device failed.
    private static double? Measure(string bodycam, string directory, string name, string? storeKey, int seconds, int warmup)
    {
        string config = Path.Combine(directory, "bodycam.json");
        string encryption = storeKey is null
            ? "{ \"Enabled\": false }"
            : $"{{ \"Enabled\": true, \"PublicKey\": {JsonSerializer.Serialize(storeKey, BenchJsonContext.Default.String)}, \"PublicKeyId\": \"bench-store\" }}";
        string buffering = DeviceCpuCommand.Config;
        File.WriteAllText(config, buffering[..buffering.LastIndexOf('}')].TrimEnd() + $",\n  \"Encryption\": {encryption}\n}}\n");
        using var readiness = new Startup.ReadinessSocket(directory, TimeSpan.FromSeconds(60));
        string[] command = Startup.BenchDevice.Command(bodycam);
        using var bench = new Startup.BenchDevice(
            command,
            ["run", "--config", config, "--virtual-gpio", "--state-dir", Path.Combine(directory, "state"), "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"],
            readiness,
            new Dictionary<string, string> { ["BODYCAM_RIG_TOKEN"] = Token });
        Process device = bench.Process;
        Console.WriteLine($"device-cpu --recording, {name}: {string.Join(' ', command)} run --virtual-gpio --rig; 1920x1080 at 30 fps, 8000 kbit/s libx264, synthetic AAC; {Environment.ProcessorCount} cores");
        if (!readiness.WaitForReady())
        {
            Console.Error.WriteLine($"device-cpu: no READY=1 within 60 s. Output:\n{bench.Output}");
            return null;
        }

        string marker = "Rig mode: control API on ";
        string line = bench.Output.Split('\n').First(text => text.Contains(marker, StringComparison.Ordinal));
        using var rig = new HttpClient { BaseAddress = new Uri(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0].Trim()) };
        rig.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        Console.WriteLine($"  buffering; warming up {warmup} s, then recording, settling 5 s, measuring {seconds} s");
        Thread.Sleep(TimeSpan.FromSeconds(warmup));
        rig.PostAsync("api/recording/start", null).GetAwaiter().GetResult().EnsureSuccessStatusCode();
        Thread.Sleep(TimeSpan.FromSeconds(5));
        var before = DeviceCpuCommand.Snapshot(device.Id);
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        var after = DeviceCpuCommand.Snapshot(device.Id);
        double elapsed = clock.Elapsed.TotalSeconds;
        using (var status = JsonDocument.Parse(rig.GetStringAsync("api/status").GetAwaiter().GetResult()))
        {
            string? state = status.RootElement.GetProperty("state").GetString();
            if (device.HasExited || state != "Recording")
            {
                Console.Error.WriteLine($"device-cpu: the device is not recording ({(device.HasExited ? "exited" : state)}). Output:\n{bench.Output}");
                return null;
            }
        }

        double Percent(long ticks) => ticks / ProcFs.TicksPerSecond / elapsed * 100;
        double firmware = Percent(after[device.Id].Ticks - before[device.Id].Ticks);
        Console.WriteLine(Invariant($"  bodycam (pid {device.Id}), firmware alone, recording {name}: {firmware,6:0.00} % of one core"));
        foreach ((int pid, (long ticks, string child)) in after.Where(entry => entry.Key != device.Id))
        {
            long start = before.TryGetValue(pid, out var earlier) ? earlier.Ticks : 0;
            Console.WriteLine(Invariant($"  child {child} (pid {pid}):{Percent(ticks - start),18:0.0} % of one core"));
        }

        long stored = Directory.EnumerateFiles(Path.Combine(directory, "state", "recordings"), "*.mp4").Sum(file => new FileInfo(file).Length);
        Console.WriteLine(Invariant($"  {stored / 1e6:0.0} MB of clips on storage"));
        return firmware;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
