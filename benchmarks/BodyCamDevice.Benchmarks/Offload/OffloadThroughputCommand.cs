// `offload [--clips N] [--megabytes M] [--runs R]`: the device's offload against curl, same files,
// same store, same run. A single-node Swift on 127.0.0.1 (services/swift/swift-dev); N clips of
// about M MB made by ffmpeg. Each run PUTs every clip with curl (one process per file, ETag set,
// as a shell script would) into one container, then offloads the same files as N recordings
// through OffloadSession into others: authentication, capabilities, device registration,
// container metadata, Complete and the HEAD of every object all count against the device (one
// untimed offload first warms the JIT, as on a device that is running when it docks). Runs
// alternate to share the machine's noise; the best run of each is compared. The time of the
// device's clip PUTs alone is printed too: the data path against curl's. Target: the device at
// least 90 % of curl's throughput. Exit 0 met, 1 missed, 2 bad arguments.
using System.Diagnostics;
using System.Globalization;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Connection;

namespace BodyCamDevice.Benchmarks.Offload;

internal static class OffloadThroughputCommand
{
    public const double TargetFraction = 0.90;

    public static int Run(string[] args)
    {
        if (!BenchArguments.TryParse(args, out var options, ("--clips", 6), ("--megabytes", 60), ("--runs", 3)))
        {
            Console.Error.WriteLine("usage: offload [--clips N] [--megabytes M] [--runs R]   (defaults 6, 60, 3)");
            return 2;
        }

        return RunAsync((int)options["--clips"], options["--megabytes"], (int)options["--runs"]).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int clips, double megabytes, int runs)
    {
        var directory = Directory.CreateTempSubdirectory("bodycam-offload-bench-").FullName;
        try
        {
            Console.WriteLine($"offload throughput: {Environment.ProcessorCount} cores; {clips} clips of ~{megabytes} MB (720p H.264 by ffmpeg) to a single-node Swift on 127.0.0.1");
            var sources = Enumerable.Range(0, clips).Select(seed => BenchClips.Make(directory, seed, seconds: 10, megabytes)).ToList();
            var md5s = sources.Select(BenchClips.Md5).ToList();
            var bytes = sources.Sum(path => new FileInfo(path).Length);
            Console.WriteLine($"  {bytes / 1e6:0.0} MB in all");

            await using var store = await SwiftDevStore.StartAsync();
            Console.WriteLine($"  Swift started in {store.StartTime.TotalSeconds:0.0} s");
            var connection = ConnectionFileReader.Load(store.ConnectionFile).Settings!;

            // The camera's firmware is running when it docks: one offload first, not timed, so
            // the JIT and the connection pools are warm as they are on the device (curl is native).
            await DeviceAsync(connection, directory, sources.Take(1).ToList(), md5s, run: 0);
            double bestCurl = 0, bestDevice = 0;
            for (var run = 1; run <= runs; run++)
            {
                var curl = await CurlAsync(store, sources, md5s, $"curl-run{run}");
                var (device, puts) = await DeviceAsync(connection, directory, sources, md5s, run);
                bestCurl = Math.Max(bestCurl, bytes / curl.TotalSeconds);
                bestDevice = Math.Max(bestDevice, bytes / device.TotalSeconds);
                Console.WriteLine($"  run {run}: curl {bytes / curl.TotalSeconds / 1e6,7:0.0} MB/s ({curl.TotalSeconds:0.00} s)   device {bytes / device.TotalSeconds / 1e6,7:0.0} MB/s ({device.TotalSeconds:0.00} s; its clip PUTs alone {bytes / puts.TotalSeconds / 1e6:0.0} MB/s)");
            }

            var fraction = bestDevice / bestCurl;
            Console.WriteLine();
            Console.WriteLine($"  best: curl {bestCurl / 1e6:0.0} MB/s, device {bestDevice / 1e6:0.0} MB/s = {fraction:P0} of curl (target >= {TargetFraction:P0})");
            return fraction >= TargetFraction ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<TimeSpan> CurlAsync(SwiftDevStore store, List<string> sources, List<string> md5s, string container)
    {
        var storage = await store.Admin.StorageUrlAsync();
        using (await store.Admin.SendAsync(HttpMethod.Put, container))
        {
        }

        var token = await TokenAsync(store);
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < sources.Count; index++)
        {
            var info = new ProcessStartInfo("curl") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "-sS", "-f", "-o", "/dev/null", "-X", "PUT", "-T", sources[index],
                "-H", "X-Auth-Token: " + token, "-H", "ETag: " + md5s[index], "-H", "Content-Type: video/mp4",
                $"{storage}/{container}/clip{index}.mp4",
            })
            {
                info.ArgumentList.Add(argument);
            }

            using var curl = Process.Start(info)!;
            var error = await curl.StandardError.ReadToEndAsync();
            await curl.WaitForExitAsync();
            if (curl.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl PUT failed ({curl.ExitCode}): {error}");
            }
        }

        return clock.Elapsed;
    }

    /// <returns>The whole offload's time, and the time its clip PUTs took (first byte sent to the store's answer).</returns>
    private static async Task<(TimeSpan Session, TimeSpan Puts)> DeviceAsync(ConnectionSettings connection, string directory, List<string> sources, List<string> md5s, int run)
    {
        var camera = Path.Combine(directory, $"device-run{run}");
        Directory.CreateDirectory(camera);
        var serial = $"BC-BENCH{run:D2}";
        var trigger = DateTimeOffset.UtcNow.AddMinutes(-10);
        var recordings = sources.Select((source, index) => BenchClips.Recording(camera, serial, "bench", trigger.AddMinutes(index), 1, source, md5s[index])).ToList();
        var clock = Stopwatch.StartNew();
        var puts = new PutTimer(clock);
        var session = new OffloadSession(connection, new OffloadSessionOptions(serial, null, Path.Combine(camera, "journal"), new OffloadSettings()), TimeProvider.System, puts);
        var report = await session.RunAsync(recordings, CancellationToken.None);
        var elapsed = clock.Elapsed;
        if (report.Recordings.Any(result => result.Outcome != RecordingOffloadOutcome.Confirmed))
        {
            throw new InvalidOperationException($"the device's offload did not confirm everything: {report.Outcome} {report.Reason}");
        }

        return (elapsed, puts.Total);
    }

    private static async Task<string> TokenAsync(SwiftDevStore store)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, store.AuthUri);
        request.Headers.Add("X-Auth-User", store.User);
        request.Headers.Add("X-Auth-Key", store.Key);
        using var response = await http.SendAsync(request);
        return response.Headers.GetValues("X-Auth-Token").First();
    }
}

// Time from an object's first block sent to the store's answer, summed over the clips.
internal sealed class PutTimer(Stopwatch clock) : IOffloadObserver
{
    private TimeSpan _started;

    public TimeSpan Total { get; private set; }

    public void ObjectProgress(string recordingId, string objectName, long sent, long total)
    {
        if (sent <= 1 << 20)
        {
            _started = clock.Elapsed;
        }
    }

    public void ObjectStored(string recordingId, string container, string objectName, long size)
    {
        if (objectName.EndsWith(".mp4", StringComparison.Ordinal))
        {
            Total += clock.Elapsed - _started;
        }
    }
}

internal static class BenchArguments
{
    /// <summary>--name VALUE pairs, each known with its default; false on anything else.</summary>
    public static bool TryParse(string[] args, out Dictionary<string, double> values, params (string Name, double Default)[] known)
    {
        values = known.ToDictionary(option => option.Name, option => option.Default);
        for (var index = 0; index < args.Length; index += 2)
        {
            if (!values.ContainsKey(args[index]) || index + 1 >= args.Length
                || !double.TryParse(args[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return false;
            }

            values[args[index]] = value;
        }

        return true;
    }
}
