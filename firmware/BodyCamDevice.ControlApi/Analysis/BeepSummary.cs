// The beeps that began inside a window of the rig timeline, from the tone trace: how many, when,
// how long each sounded and at what frequency. Enough for "2 beeps of 2.7 kHz within 1 s".
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.ControlApi.Analysis;

/// <param name="StartsMs">Rig-timeline ms at which each beep began.</param>
/// <param name="DurationsMs">How long each sounded; null while it still sounds.</param>
/// <param name="FrequenciesHz">The frequency each began with (0 for an active buzzer).</param>
public sealed record BeepSummary(double FromMs, double ToMs, int Count, IReadOnlyList<double> StartsMs, IReadOnlyList<double?> DurationsMs, IReadOnlyList<int> FrequenciesHz)
{
    /// <param name="tones">The beeper's events, oldest first (ControlApi "tones").</param>
    public static BeepSummary Compute(IReadOnlyList<ToneView> tones, double fromMs, double toMs)
    {
        var starts = new List<double>();
        var durations = new List<double?>();
        var frequencies = new List<int>();
        for (var i = 0; i < tones.Count; i++)
        {
            var tone = tones[i];
            if (tone.Kind != "start" || tone.T < fromMs || tone.T > toMs)
            {
                continue;
            }

            var stop = tones.Skip(i + 1).FirstOrDefault(next => next.Kind == "stop");
            starts.Add(tone.T);
            durations.Add(stop is null ? null : Math.Round(stop.T - tone.T, 3));
            frequencies.Add(tone.FrequencyHz);
        }

        return new BeepSummary(fromMs, toMs, starts.Count, starts, durations, frequencies);
    }
}
