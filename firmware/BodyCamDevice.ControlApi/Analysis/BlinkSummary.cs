// What an output did over a window of the rig timeline, computed from its edge trace: how often
// it came on (frequency from the periods between rising edges), how long it stayed on and off,
// and the fraction of the window it was on. Enough for "red LED blinking at 1 Hz ± 5 %, 50 % duty".
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.ControlApi.Analysis;

/// <param name="FromMs">Window start (rig-timeline ms).</param>
/// <param name="ToMs">Window end.</param>
/// <param name="RisingEdges">Off→on changes inside the window.</param>
/// <param name="FrequencyHz">1000 / mean period between rising edges; null with fewer than two.</param>
/// <param name="MinPeriodMs">Shortest period between rising edges (jitter check), else null.</param>
/// <param name="MaxPeriodMs">Longest period between rising edges, else null.</param>
/// <param name="Duty">Fraction of the window the output was on, 0..1.</param>
/// <param name="MeanOnMs">Mean length of on-phases that began and ended inside the window, else null.</param>
/// <param name="MeanOffMs">Mean length of off-phases that began and ended inside the window, else null.</param>
public sealed record BlinkSummary(
    string Output,
    double FromMs,
    double ToMs,
    int RisingEdges,
    double? FrequencyHz,
    double? MinPeriodMs,
    double? MaxPeriodMs,
    double Duty,
    double? MeanOnMs,
    double? MeanOffMs,
    bool OnAtStart,
    bool OnAtEnd)
{
    /// <summary>Summarises <paramref name="edges"/> (one output's trace, oldest first, reaching back before the window) over [from, to].</summary>
    public static BlinkSummary Compute(string output, IReadOnlyList<EdgeView> edges, double fromMs, double toMs)
    {
        if (toMs <= fromMs)
        {
            throw new ArgumentException($"The window must end after it starts ({fromMs} ms .. {toMs} ms).");
        }

        // Collapse repeats (a PWM duty change while on is an edge in the trace, not a blink).
        var on = edges.LastOrDefault(edge => edge.T < fromMs)?.On ?? false;
        var onAtStart = on;
        var lastChange = fromMs;
        double onTime = 0;
        var rising = new List<double>();
        var onPhases = new List<double>();
        var offPhases = new List<double>();
        var phaseStartedInside = false;
        foreach (var edge in edges.Where(edge => edge.T >= fromMs && edge.T <= toMs))
        {
            if (edge.On == on)
            {
                continue;
            }

            if (on)
            {
                onTime += edge.T - lastChange;
            }

            if (phaseStartedInside)
            {
                (on ? onPhases : offPhases).Add(edge.T - lastChange);
            }

            if (edge.On)
            {
                rising.Add(edge.T);
            }

            on = edge.On;
            lastChange = edge.T;
            phaseStartedInside = true;
        }

        if (on)
        {
            onTime += toMs - lastChange;
        }

        var periods = rising.Zip(rising.Skip(1), (first, second) => second - first).ToArray();
        return new BlinkSummary(
            output,
            fromMs,
            toMs,
            rising.Count,
            periods.Length == 0 ? null : Math.Round(1000.0 / periods.Average(), 4),
            periods.Length == 0 ? null : periods.Min(),
            periods.Length == 0 ? null : periods.Max(),
            Math.Round(onTime / (toMs - fromMs), 4),
            onPhases.Count == 0 ? null : Math.Round(onPhases.Average(), 3),
            offPhases.Count == 0 ? null : Math.Round(offPhases.Average(), 3),
            onAtStart,
            on);
    }

    /// <summary>True when the mean frequency and every single period are within <paramref name="tolerance"/> (0.05 = ±5 %) of <paramref name="expectedHz"/>.</summary>
    public bool IsBlinkingAt(double expectedHz, double tolerance)
    {
        if (FrequencyHz is not { } frequency || MinPeriodMs is not { } shortest || MaxPeriodMs is not { } longest)
        {
            return false;
        }

        var expectedPeriod = 1000.0 / expectedHz;
        return Math.Abs(frequency - expectedHz) <= expectedHz * tolerance
            && Math.Abs(shortest - expectedPeriod) <= expectedPeriod * tolerance
            && Math.Abs(longest - expectedPeriod) <= expectedPeriod * tolerance;
    }
}
