// `camera [--seconds N] [--warmup S] [--width W] [--height H] [--fps F] [--kbps B]`: runs the
// camera source on the test pattern (default 1080p30 at 8 Mbit/s, synthetic audio) into a 30 s
// pre-record buffer and, after S seconds (default 35: the buffer full and evicting), reports CPU
// time from /proc over the measured window: the ffmpeg encoder process, the firmware's
// camera-reader thread, and the whole firmware process, and the firmware's resident set. Linux only. Exit code: 0 measured,
// 1 the camera failed, 2 bad arguments.
using System.Diagnostics;
using System.Globalization;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Benchmarks.Camera;

internal static class CameraCpuCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new Dictionary<string, int> { ["--seconds"] = 10, ["--warmup"] = 35, ["--width"] = 1920, ["--height"] = 1080, ["--fps"] = 30, ["--kbps"] = 8000 };
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!settings.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int value) || value <= 0)
            {
                Console.Error.WriteLine("usage: camera [--seconds N] [--warmup S] [--width W] [--height H] [--fps F] [--kbps B]");
                return 2;
            }

            settings[args[i]] = value;
        }

        var options = new CameraOptions
        {
            Source = CameraSourceKind.TestPattern,
            Width = settings["--width"],
            Height = settings["--height"],
            FrameRate = settings["--fps"],
            BitrateKbps = settings["--kbps"],
            Encoder = CameraEncoder.Libx264,
            Audio = new CameraAudioOptions { Source = AudioSourceKind.Synthetic },
        };
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        await using var source = new FfmpegCameraSource(options, buffer, () => new Watermark("BC-BENCH", "0000", ClockIsSet: true));
        string? failure = null;
        source.Failed += reason => failure = reason;

        Console.WriteLine($"  test pattern {options.Width}x{options.Height} at {options.FrameRate} fps, {options.BitrateKbps} kbit/s libx264 ultrafast, AAC; {Environment.ProcessorCount} cores");
        await source.StartAsync();

        // Warm up: ffmpeg running, the reader thread named, a few frames through.
        var warmUp = Stopwatch.StartNew();
        while ((source.ProcessId is null || source.GetStatistics().VideoFrames < options.FrameRate || ReaderThread() is null) && failure is null)
        {
            if (warmUp.Elapsed > TimeSpan.FromSeconds(20))
            {
                failure = "no video within 20 s";
                break;
            }

            await Task.Delay(50);
        }

        if (failure is not null)
        {
            Console.Error.WriteLine("camera failed: " + failure);
            return 1;
        }

        // Steady state: the buffer full and evicting (it fills in 30 s) and the runtime's tiering of
        // that code done, as on a device that has been buffering for a while.
        await Task.Delay(TimeSpan.FromSeconds(settings["--warmup"]) - warmUp.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        int ffmpeg = source.ProcessId!.Value;
        string readerStat = ReaderThread()!;
        var before = (Ffmpeg: ProcFs.CpuTicks($"/proc/{ffmpeg}/stat"), Reader: ProcFs.CpuTicks(readerStat), Firmware: ProcFs.CpuTicks("/proc/self/stat"), source.GetStatistics());
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(settings["--seconds"]));
        double seconds = clock.Elapsed.TotalSeconds;
        var after = (Ffmpeg: ProcFs.CpuTicks($"/proc/{ffmpeg}/stat"), Reader: ProcFs.CpuTicks(readerStat), Firmware: ProcFs.CpuTicks("/proc/self/stat"), source.GetStatistics());
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await source.StopAsync();

        double Percent(long ticks) => ticks / ProcFs.TicksPerSecond / seconds * 100;
        long frames = after.Item4.VideoFrames - before.Item4.VideoFrames;
        long bytes = after.Item4.Bytes - before.Item4.Bytes;
        Console.WriteLine(Invariant($"  {seconds:0.0} s measured: {frames} video frames ({frames / seconds:0.0} fps), {after.Item4.AudioFrames - before.Item4.AudioFrames} audio units, {bytes * 8 / seconds / 1e6:0.00} Mbit/s of MPEG-TS"));
        Console.WriteLine(Invariant($"  ffmpeg (pid {ffmpeg}):        {Percent(after.Ffmpeg - before.Ffmpeg),6:0.0} % of one core"));
        Console.WriteLine(Invariant($"  camera-reader thread:    {Percent(after.Reader - before.Reader),6:0.0} % of one core"));
        Console.WriteLine(Invariant($"  firmware process (all):  {Percent(after.Firmware - before.Firmware),6:0.0} % of one core"));
        Console.WriteLine(Invariant($"  managed allocation in the window, all threads: {allocated / 1024.0:0} KiB; refused frames {after.Item4.RefusedFrames}, buffered {buffer.GetStatistics().BufferedDuration.TotalSeconds:0.0} s"));
        var capacity = buffer.GetStatistics().ByteCapacity;
        double rssMiB = ProcFs.ResidentKiB("self") / 1024.0;
        Console.WriteLine(Invariant($"  firmware resident set:   {rssMiB,6:0.0} MiB (buffer capacity {capacity / 1048576.0:0.0} MiB; target <= capacity + 60 MiB = {capacity / 1048576.0 + 60:0.0} MiB)"));
        return failure is null ? 0 : 1;
    }

    // The stat file of the firmware thread that reads the encoder's pipe (named by EncoderRun).
    private static string? ReaderThread() =>
        Directory.EnumerateDirectories("/proc/self/task")
            .FirstOrDefault(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == "camera-reader") is { } directory
            ? Path.Combine(directory, "stat")
            : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
