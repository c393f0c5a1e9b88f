// A set of latencies in microseconds and their nearest-rank percentiles.
using System.Globalization;

namespace BodyCamDevice.Benchmarks.Latency;

internal sealed class LatencySamples(string name)
{
    private readonly List<double> _microseconds = new();

    public string Name { get; } = name;

    public int Count => _microseconds.Count;

    /// <summary>Edges that never came within the wait (not in the percentiles).</summary>
    public int Missed { get; private set; }

    public void Add(long startTimestamp, long endTimestamp, long timestampFrequency) =>
        _microseconds.Add((endTimestamp - startTimestamp) * 1_000_000.0 / timestampFrequency);

    public void AddMiss() => Missed++;

    public static LatencySamples Combine(string name, params LatencySamples[] parts)
    {
        var combined = new LatencySamples(name);
        foreach (var part in parts)
        {
            combined._microseconds.AddRange(part._microseconds);
            combined.Missed += part.Missed;
        }

        return combined;
    }

    /// <summary>Nearest-rank percentile (0 &lt; p ≤ 100) in microseconds; NaN when empty.</summary>
    public double Percentile(double p)
    {
        if (_microseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _microseconds.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    public double Max => _microseconds.Count == 0 ? double.NaN : _microseconds.Max();

    public string Row() => string.Create(
        CultureInfo.InvariantCulture,
        $"  {Name,-34}{Count,6}{Percentile(50),10:0.0}{Percentile(90),10:0.0}{Percentile(99),10:0.0}{Max,10:0.0}{Missed,8}");

    public static string Header() => $"  {"",-34}{"n",6}{"p50",10}{"p90",10}{"p99",10}{"max",10}{"missed",8}   (µs)";
}
