using BenchmarkDotNet.Running;

namespace BodyCamDevice.Benchmarks;

// The first argument picks a benchmark set; the rest go to BenchmarkDotNet, e.g.
//   dotnet run -c Release --project benchmarks/BodyCamDevice.Benchmarks -- ringbuffer
internal static class Program
{
    private static readonly Dictionary<string, Type> BenchmarkSets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ringbuffer"] = typeof(PreRecordBufferBenchmarks),
    };

    private static int Main(string[] args)
    {
        if (args.Length == 0 || !BenchmarkSets.TryGetValue(args[0], out Type? benchmarks))
        {
            Console.Error.WriteLine($"usage: BodyCamDevice.Benchmarks <{string.Join('|', BenchmarkSets.Keys)}> [BenchmarkDotNet options]");
            return 2;
        }

        var summary = BenchmarkRunner.Run(benchmarks, args: args[1..]);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
    }
}
