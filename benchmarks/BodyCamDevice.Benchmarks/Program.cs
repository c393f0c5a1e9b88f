// Benchmarks, chosen by the first argument:
//   latency [--presses N]   button edge to red LED on the real clock (Latency/LatencyCommand.cs)
//   camera [--seconds N]    CPU of ffmpeg and the camera-reader thread at 1080p30 (Camera/CameraCpuCommand.cs)
//   device-cpu [--seconds N] [--warmup S] [--recording]   CPU of the whole `bodycam run` process
//                           while buffering 1080p30 vs its ffmpeg children, and its RSS; with
//                           --recording, while recording encrypted vs unencrypted (Camera/DeviceCpuCommand.cs)
//   ringbuffer              the pre-record buffer against a plain memcpy (PreRecordBufferBenchmarks)
//   recording [--runs N] [--long-minutes M]   trigger -> pre-roll durable, stop -> signed manifest,
//                           encryption off and on, with ffmpeg and the disk (Recording/RecordingCommand.cs)
//   startup [--runs N] [--prefix "qemu-aarch64-static -L SYSROOT"] [--bodycam PATH]
//                           process start -> READY=1 (Buffering) of `bodycam run` (Startup/StartupCommand.cs)
//   offload [--clips N] [--megabytes M] [--runs R]   the device's offload against curl PUTs of the
//                           same files to the same Swift (Offload/OffloadThroughputCommand.cs)
//   fleet [--cameras N] [--recordings R] [--megabytes M]   N cameras docking at once against one
//                           Swift (Offload/FleetCommand.cs)
//   NAME [BDN options]      the BenchmarkDotNet classes whose name contains NAME
//   --list flat, --filter   anything starting with '-' goes to BenchmarkDotNet's switcher as is
// Run in Release: dotnet run -c Release --project benchmarks/BodyCamDevice.Benchmarks -- latency
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using BodyCamDevice.Benchmarks.Camera;
using BodyCamDevice.Benchmarks.Latency;
using BodyCamDevice.Benchmarks.Offload;
using BodyCamDevice.Benchmarks.Recording;
using BodyCamDevice.Benchmarks.Startup;

namespace BodyCamDevice.Benchmarks;

internal static class Program
{
    // Short names for benchmark classes whose names do not contain them.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ringbuffer"] = nameof(PreRecordBufferBenchmarks),
    };

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage();
            return args.Length == 0 ? 2 : 0;
        }

        var name = Aliases.GetValueOrDefault(args[0], args[0]);
        var rest = args[1..];
        if (name.Equals("latency", StringComparison.OrdinalIgnoreCase))
        {
            return LatencyCommand.Run(rest);
        }

        if (name.Equals("camera", StringComparison.OrdinalIgnoreCase))
        {
            return CameraCpuCommand.RunAsync(rest).GetAwaiter().GetResult();
        }

        if (name.Equals("device-cpu", StringComparison.OrdinalIgnoreCase))
        {
            return DeviceCpuCommand.Run(rest);
        }

        if (name.Equals("recording", StringComparison.OrdinalIgnoreCase))
        {
            return RecordingCommand.Run(rest);
        }

        if (name.Equals("startup", StringComparison.OrdinalIgnoreCase))
        {
            return StartupCommand.Run(rest);
        }

        if (name.Equals("offload", StringComparison.OrdinalIgnoreCase))
        {
            return OffloadThroughputCommand.Run(rest);
        }

        if (name.Equals("fleet", StringComparison.OrdinalIgnoreCase))
        {
            return FleetCommand.Run(rest);
        }

        if (name.StartsWith('-'))
        {
            return BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).Any() ? 0 : 1;
        }

        var matching = BenchmarkTypes().Where(type => type.Name.Contains(name, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (matching.Length == 0)
        {
            Console.Error.WriteLine($"No benchmark named '{name}'.");
            PrintUsage();
            return 2;
        }

        // Without a filter the switcher would ask which one to run; run every matching class.
        var switcherArgs = rest.Contains("--filter") ? rest : [.. rest, "--filter", "*"];
        return BenchmarkSwitcher.FromTypes(matching).Run(switcherArgs).Any() ? 0 : 1;
    }

    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(Program).Assembly.GetTypes().Where(type =>
            !type.IsAbstract && type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(method => method.GetCustomAttribute<BenchmarkAttribute>() is not null));

    private static void PrintUsage()
    {
        var classes = BenchmarkTypes().Select(type => type.Name).Order().ToArray();
        Console.Error.WriteLine("""
            usage: BodyCamDevice.Benchmarks latency [--presses N]
                   BodyCamDevice.Benchmarks camera [--seconds N] [--width W] [--height H] [--fps F] [--kbps B]
                   BodyCamDevice.Benchmarks device-cpu [--seconds N] [--warmup S] [--bodycam PATH] [--recording]
                   BodyCamDevice.Benchmarks recording [--runs N] [--long-minutes M]
                   BodyCamDevice.Benchmarks startup [--runs N] [--bodycam PATH] [--prefix "PROGRAM ARGS"] [--camera CAMERA] [--target SECONDS]
                   BodyCamDevice.Benchmarks offload [--clips N] [--megabytes M] [--runs R]
                   BodyCamDevice.Benchmarks fleet [--cameras N] [--recordings R] [--megabytes M]
                   BodyCamDevice.Benchmarks NAME [BenchmarkDotNet options]
                   BodyCamDevice.Benchmarks --list flat | --filter PATTERN ...
            """);
        Console.Error.WriteLine("BenchmarkDotNet classes: " + (classes.Length == 0 ? "(none yet)" : string.Join(", ", classes)));
    }
}
