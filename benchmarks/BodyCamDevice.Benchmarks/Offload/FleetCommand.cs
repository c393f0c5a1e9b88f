// `fleet [--cameras N] [--recordings R] [--megabytes M]`: N cameras (default 50), each with R
// recordings of one real clip of about M MB (ffmpeg-made; five different clips shared out), dock
// at once against one single-node Swift on 127.0.0.1: every camera runs its own OffloadSession,
// all started together. Reported: every recording Complete and confirmed, every object's MD5 in
// the store's listing equal to the local file's (checked independently of the device's own HEAD
// checks), the aggregate MB/s, and each camera's time to empty (min, median, p90, max).
// Exit 0 when all is confirmed and matched, 1 otherwise, 2 bad arguments.
using System.Diagnostics;
using System.Text.Json;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Connection;

namespace BodyCamDevice.Benchmarks.Offload;

internal static class FleetCommand
{
    public static int Run(string[] args)
    {
        if (!BenchArguments.TryParse(args, out var options, ("--cameras", 50), ("--recordings", 2), ("--megabytes", 4)))
        {
            Console.Error.WriteLine("usage: fleet [--cameras N] [--recordings R] [--megabytes M]   (defaults 50, 2, 4)");
            return 2;
        }

        return RunAsync((int)options["--cameras"], (int)options["--recordings"], options["--megabytes"]).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int cameras, int recordingsEach, double megabytes)
    {
        var directory = Directory.CreateTempSubdirectory("bodycam-fleet-bench-").FullName;
        try
        {
            Console.WriteLine($"fleet: {cameras} cameras x {recordingsEach} recordings of ~{megabytes} MB docking at once; {Environment.ProcessorCount} cores; one single-node Swift on 127.0.0.1");
            var sources = Enumerable.Range(0, 5).Select(seed => BenchClips.Make(directory, seed, seconds: 6, megabytes)).ToList();
            var md5s = sources.Select(BenchClips.Md5).ToList();

            await using var store = await SwiftDevStore.StartAsync();
            Console.WriteLine($"  Swift started in {store.StartTime.TotalSeconds:0.0} s");
            var connection = ConnectionFileReader.Load(store.ConnectionFile).Settings!;
            var trigger = DateTimeOffset.UtcNow.AddHours(-1);
            var fleet = Enumerable.Range(1, cameras).Select(camera =>
            {
                var folder = Path.Combine(directory, $"camera{camera:D3}");
                Directory.CreateDirectory(folder);
                var serial = $"BC-FLEET{camera:D3}";
                var recordings = Enumerable.Range(1, recordingsEach)
                    .Select(index => BenchClips.Recording(folder, serial, $"officer{camera:D3}", trigger.AddMinutes(index), index, sources[(camera + index) % sources.Count], md5s[(camera + index) % sources.Count]))
                    .ToList();
                return (Serial: serial, Folder: folder, Recordings: recordings);
            }).ToList();
            var bytes = fleet.Sum(camera => camera.Recordings.Sum(recording => recording.Clips[0].Media.SizeBytes));

            var clock = Stopwatch.StartNew();
            var docked = fleet.Select(async camera =>
            {
                await Task.Yield();
                var session = new OffloadSession(connection, new OffloadSessionOptions(camera.Serial, null, Path.Combine(camera.Folder, "journal"), new OffloadSettings()), TimeProvider.System);
                var report = await session.RunAsync(camera.Recordings, CancellationToken.None);
                return (camera.Serial, Report: report, Empty: clock.Elapsed);
            }).ToList();
            var results = await Task.WhenAll(docked);
            var wall = clock.Elapsed;

            var confirmed = results.Sum(result => result.Report.Recordings.Count(recording => recording.Outcome == RecordingOffloadOutcome.Confirmed));
            var mismatched = await MismatchedAsync(store, results.SelectMany(result => result.Report.Recordings), fleet.SelectMany(camera => camera.Recordings).ToDictionary(recording => recording.RecordingId));
            var times = results.Select(result => result.Empty.TotalSeconds).Order().ToList();
            Console.WriteLine($"  {confirmed} of {cameras * recordingsEach} recordings Complete and confirmed; MD5 mismatches in the store: {mismatched}");
            Console.WriteLine($"  {bytes / 1e6:0.0} MB in {wall.TotalSeconds:0.0} s: {bytes / wall.TotalSeconds / 1e6:0.0} MB/s aggregate");
            Console.WriteLine($"  time to empty per camera: min {times[0]:0.0} s, median {times[times.Count / 2]:0.0} s, p90 {times[(int)(times.Count * 0.9)]:0.0} s, max {times[^1]:0.0} s");
            foreach (var result in results.Where(result => result.Report.Outcome != OffloadOutcome.Completed))
            {
                Console.WriteLine($"  {result.Serial}: {result.Report.Outcome} {result.Report.Reason}");
            }

            return confirmed == cameras * recordingsEach && mismatched == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The store's own listing (its MD5 per object) against the MD5 of the local file.
    private static async Task<int> MismatchedAsync(SwiftDevStore store, IEnumerable<RecordingOffloadResult> results, Dictionary<string, Firmware.Offload.Recordings.OffloadRecording> recordings)
    {
        var mismatched = 0;
        foreach (var result in results.Where(result => result.Container is not null))
        {
            using var response = await store.Admin.SendAsync(HttpMethod.Get, Uri.EscapeDataString(result.Container!) + "?format=json");
            using var listing = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            var hashes = listing.RootElement.EnumerateArray().ToDictionary(entry => entry.GetProperty("name").GetString()!, entry => entry.GetProperty("hash").GetString()!);
            var clip = recordings[result.RecordingId].Clips[0].Media;
            var name = result.Confirmation?.Objects.SingleOrDefault(item => item.LocalPath == clip.Path)?.Name;
            if (name is null || !hashes.TryGetValue(name, out var hash) || hash != BenchClips.Md5(clip.Path))
            {
                mismatched++;
            }
        }

        return mismatched;
    }
}
