// `latency [--presses N]`: button edge to red LED latency of the device on the virtual driver and
// the real clock, next to a bare driver round trip measured the same way, against the target.
// Exit code: 0 target met, 1 target missed (or edges missing), 2 bad arguments.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Benchmarks.Latency;

internal static class LatencyCommand
{
    /// <summary>The requirement: a press shows on the red LED within 5 ms at the 99th percentile.</summary>
    public const double TargetP99Microseconds = 5_000;

    private const int DefaultPresses = 1000;
    private const int Warmup = 50;

    public static int Run(string[] args)
    {
        if (!TryParse(args, out var presses))
        {
            Console.Error.WriteLine("usage: latency [--presses N]   (N from 10 to 100000, default 1000)");
            return 2;
        }

        var validated = BenchmarkOptions();
        var options = validated.Value;
        var debounce = options.Buttons.Debounce;
        var down = debounce + TimeSpan.FromMilliseconds(5);
        var up = debounce + TimeSpan.FromMilliseconds(5);
        var estimate = (presses * 1.5 + 2 * Warmup) * (down + up).TotalSeconds;

        PrintEnvironment();
        Console.WriteLine(Invariant($"  {presses} presses (+{Warmup} warm-up), RecordButtonMode {options.Buttons.RecordButtonMode}, debounce {debounce.TotalMilliseconds:0} ms, button down {down.TotalMilliseconds:0} ms, up {up.TotalMilliseconds:0} ms"));
        Console.WriteLine("  tones shortened (5 ms beeps, 10 ms long beep) so each ends before the next press and every press pays for starting one");
        Console.WriteLine(Invariant($"  about {estimate:0} s ..."));
        Console.WriteLine();

        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var clock = Stopwatch.StartNew();
        var baseline = DriverRoundTripProbe.Run(presses / 2, Warmup, down, up, options.Pins.RecordButton.Pin, options.Pins.RecordIndicator.Pin);
        var device = DeviceLatencyProbe.Run(validated, presses, Warmup, down, up);
        clock.Stop();

        var baselineBoth = LatencySamples.Combine("baseline: driver round trip, both", baseline.On, baseline.Off);
        var deviceBoth = LatencySamples.Combine("device: press -> red LED, both", device.On, device.Off);

        Console.WriteLine(LatencySamples.Header());
        foreach (var samples in new[] { baseline.On, baseline.Off, baselineBoth, device.On, device.Off, deviceBoth })
        {
            Console.WriteLine(samples.Row());
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"  device minus baseline: p50 {deviceBoth.Percentile(50) - baselineBoth.Percentile(50):0.0} µs, p99 {deviceBoth.Percentile(99) - baselineBoth.Percentile(99):0.0} µs"));
        Console.WriteLine(Invariant($"  run {clock.Elapsed.TotalSeconds:0.0} s; GC collections gen0/1/2: {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}; device loop failures: {device.LoopFailures}"));

        var p99 = deviceBoth.Percentile(99);
        var met = p99 <= TargetP99Microseconds && deviceBoth.Missed == 0 && device.LoopFailures == 0;
        Console.WriteLine(Invariant($"  target: p99 <= {TargetP99Microseconds:0} µs (5 ms) -> {(met ? "MET" : "NOT MET")} (p99 {p99:0.0} µs, missed {deviceBoth.Missed})"));
        return met ? 0 : 1;
    }

    /// <summary>The shipped defaults, with the record button toggling and tones short enough to end between presses.</summary>
    private static ValidatedDeviceOptions BenchmarkOptions()
    {
        var options = new DeviceOptions();
        options.Buttons.RecordButtonMode = RecordButtonMode.SinglePressToggles;
        options.Tones.ShortBeep = TimeSpan.FromMilliseconds(5);
        options.Tones.QuickBeep = TimeSpan.FromMilliseconds(5);
        options.Tones.Gap = TimeSpan.FromMilliseconds(5);
        options.Tones.LongBeep = TimeSpan.FromMilliseconds(10);
        return ValidatedDeviceOptions.From(options);
    }

    private static bool TryParse(string[] args, out int presses)
    {
        presses = DefaultPresses;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--presses" && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) && value is >= 10 and <= 100_000)
            {
                presses = value;
                i++;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static void PrintEnvironment()
    {
        var debug = typeof(LatencyCommand).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true;
        Console.WriteLine("Button edge -> red LED latency, device on the virtual GPIO driver, TimeProvider.System");
        Console.WriteLine(Invariant($"  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription} {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores, {(debug ? "DEBUG build (figures not representative)" : "Release build")}"));
        Console.WriteLine(Invariant($"  timestamps: Stopwatch {(Stopwatch.IsHighResolution ? "high resolution" : "low resolution")}, {Stopwatch.Frequency:N0} Hz"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
