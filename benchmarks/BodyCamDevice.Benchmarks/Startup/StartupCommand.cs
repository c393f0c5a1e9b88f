// `startup`: process start -> device Buffering for `bodycam run --virtual-gpio --camera
// testpattern`, N times. Without --bodycam it first publishes bodycam for this machine as the
// device gets it (self-contained, trimmed, ReadyToRun, see BodyCamDevice.Device.csproj) into artifacts/startup-bench. Buffering is measured exactly as systemd sees it: READY=1 arriving on a
// notify socket this bench binds and passes as NOTIFY_SOCKET. Prints each run and min/median/max;
// exit 1 when the median misses the target.
// --prefix runs bodycam under another program, e.g. qemu-aarch64-static -L SYSROOT against a
// linux-arm64 publish (--bodycam PATH/bodycam).
using System.Diagnostics;
using System.Globalization;

namespace BodyCamDevice.Benchmarks.Startup;

internal static class StartupCommand
{
    private const string Usage = "usage: startup [--runs N] [--bodycam PATH (bodycam.dll or a published bodycam)] [--prefix \"PROGRAM ARGS\"] [--camera CAMERA] [--target SECONDS] [--timeout SECONDS]";

    public static int Run(string[] args)
    {
        var runs = 5;
        string? bodycam = null;
        var prefix = Array.Empty<string>();
        var camera = "testpattern";
        var target = 1.5;
        var timeout = 60.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(value, CultureInfo.InvariantCulture, out runs) && runs > 0:
                case "--target" when double.TryParse(value, CultureInfo.InvariantCulture, out target) && target > 0:
                case "--timeout" when double.TryParse(value, CultureInfo.InvariantCulture, out timeout) && timeout > 0:
                    i++;
                    break;
                case "--bodycam" when value is not null:
                    bodycam = Path.GetFullPath(value);
                    i++;
                    break;
                case "--prefix" when value is not null:
                    prefix = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    i++;
                    break;
                case "--camera" when value is not null:
                    camera = value;
                    i++;
                    break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        bodycam ??= PublishBodycam();
        if (bodycam is null)
        {
            return 2;
        }

        if (!File.Exists(bodycam))
        {
            Console.Error.WriteLine($"startup: no bodycam at {bodycam} (build firmware/BodyCamDevice.Device in Release, or give --bodycam PATH).");
            return 2;
        }

        string[] command = [.. prefix, .. BenchDevice.Command(bodycam)];
        Console.WriteLine($"startup: {string.Join(' ', command)} run --virtual-gpio --camera {camera}; process start -> READY=1 (Buffering), {runs} runs");
        var seconds = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var elapsed = Measure(command, camera, TimeSpan.FromSeconds(timeout));
            if (elapsed is not { } value)
            {
                return 1;
            }

            seconds.Add(value.TotalSeconds);
            Console.WriteLine($"startup: run {run}: {value.TotalSeconds:0.000} s");
        }

        seconds.Sort();
        var median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
        Console.WriteLine($"startup: min {seconds[0]:0.000} s, median {median:0.000} s, max {seconds[^1]:0.000} s (target: median <= {target:0.###} s) {(median <= target ? "met" : "MISSED")}");
        return median <= target ? 0 : 1;
    }

    private static TimeSpan? Measure(string[] command, string camera, TimeSpan timeout)
    {
        var directory = Directory.CreateTempSubdirectory("bodycam-startup-").FullName;
        using var readiness = new ReadinessSocket(directory, timeout);

        var clock = Stopwatch.StartNew();
        try
        {
            using var device = new BenchDevice(command, ["run", "--virtual-gpio", "--camera", camera, "--state-dir", Path.Combine(directory, "state")], readiness);
            if (readiness.WaitForReady())
            {
                return clock.Elapsed;
            }

            Console.Error.WriteLine($"startup: no READY=1 within {timeout.TotalSeconds} s. Output:\n{device.Output}");
            return null;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // Null (after saying why) when the publish failed.
    internal static string? PublishBodycam()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BodyCamDevice.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            Console.Error.WriteLine("startup: BodyCamDevice.sln not found above the bench; give --bodycam PATH.");
            return null;
        }

        var output = Path.Combine(root.FullName, "artifacts", "startup-bench", "bodycam");
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        Console.WriteLine($"startup: publishing bodycam for {rid} as the device gets it (self-contained, trimmed, ReadyToRun) into {output}");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "publish", Path.Combine(root.FullName, "firmware", "BodyCamDevice.Device"), "-c", "Release", "-r", rid, "--self-contained", "-o", output, "-v", "quiet", "-nologo" })
        {
            info.ArgumentList.Add(argument);
        }

        using var publish = Process.Start(info)!;
        var log = publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            Console.Error.WriteLine($"startup: dotnet publish failed ({publish.ExitCode}):\n{log}");
            return null;
        }

        return Path.Combine(output, "bodycam");
    }
}
