// Judges what a device did from its output traces, against what its configuration promises: the
// red LED's blink rate and on-time while recording, the start and stop tones (count, length,
// pitch), the vibration pulses, and lights being off. Pure: it reads traces on the rig timeline
// (milliseconds) and returns checks, so it is tested on made-up traces as well as real ones.
// Tolerance: timings on a real clock (and under emulation) jitter, so each duration may be off
// by the larger of a fraction of it and an absolute slack.
using System.Globalization;
using BodyCamDevice.ControlApi.Analysis;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Device.SelfTest;

internal sealed class ScenarioJudge(DeviceOptions options, double tolerance = 0.10, double slackMs = 40)
{
    public static SelfTestCheck State(string name, DeviceState expected, DeviceState actual) =>
        new(name, actual == expected, $"state {actual}, expected {expected}");

    /// <summary>The red LED blinks at 1 / (RecordBlinkOn + RecordBlinkOff) with RecordBlinkOn lit, over [fromMs, toMs].</summary>
    public SelfTestCheck RecordLedBlinks(IReadOnlyList<EdgeView> red, double fromMs, double toMs)
    {
        var lights = options.Lights;
        var expectedHz = 1000.0 / (lights.RecordBlinkOn + lights.RecordBlinkOff).TotalMilliseconds;
        var name = $"red LED blinks at {Format(expectedHz)} Hz, {Format(lights.RecordBlinkOn.TotalMilliseconds)} ms on";
        var summary = BlinkSummary.Compute("record-indicator", red, fromMs, toMs);
        if (summary.FrequencyHz is not { } frequency)
        {
            return new(name, false, $"{summary.RisingEdges} rising edge(s) in {Format(toMs - fromMs)} ms: not blinking");
        }

        var onOk = summary.MeanOnMs is { } on && Within(on, lights.RecordBlinkOn.TotalMilliseconds);
        var passed = summary.IsBlinkingAt(expectedHz, tolerance) && onOk;
        return new(name, passed,
            $"{Format(frequency)} Hz over {summary.RisingEdges} flashes (periods {Format(summary.MinPeriodMs!.Value)}..{Format(summary.MaxPeriodMs!.Value)} ms), on {(summary.MeanOnMs is { } mean ? Format(mean) + " ms" : "?")}, tolerance {tolerance:P0}");
    }

    /// <summary>The output is off at <paramref name="atMs"/> and stays off to <paramref name="untilMs"/>.</summary>
    public static SelfTestCheck StaysOff(string name, IReadOnlyList<EdgeView> edges, double atMs, double untilMs)
    {
        var at = edges.LastOrDefault(edge => edge.T <= atMs);
        var lit = edges.Where(edge => edge.T > atMs && edge.T <= untilMs && edge.On).ToArray();
        var passed = at is not { On: true } && lit.Length == 0;
        return new(name, passed, passed ? $"off from {Format(atMs)} to {Format(untilMs)} ms" : at is { On: true } ? $"still on at {Format(atMs)} ms" : $"lit again at {Format(lit[0].T)} ms");
    }

    /// <summary><paramref name="count"/> beeps of <paramref name="length"/> at Tones.FrequencyHz began in [fromMs, toMs].</summary>
    public SelfTestCheck Beeps(string name, IReadOnlyList<ToneView> tones, double fromMs, double toMs, int count, TimeSpan length)
    {
        var summary = BeepSummary.Compute(tones, fromMs, toMs);
        var expectedMs = length.TotalMilliseconds;
        var lengthsOk = summary.DurationsMs.All(duration => duration is { } ms && Within(ms, expectedMs));
        var piezo = options.Pins.Beeper.Kind == BeeperKind.PassivePiezo;
        var pitchOk = !piezo || summary.FrequenciesHz.All(hz => hz == options.Tones.FrequencyHz);
        var passed = summary.Count == count && lengthsOk && pitchOk;
        var lengths = string.Join(", ", summary.DurationsMs.Select(duration => duration is { } ms ? Format(ms) : "still sounding"));
        var pitches = string.Join(", ", summary.FrequenciesHz.Distinct());
        return new($"{name}: {count} beep{(count == 1 ? "" : "s")} of {Format(expectedMs)} ms{(piezo ? $" at {options.Tones.FrequencyHz} Hz" : "")}", passed,
            $"{summary.Count} beep(s){(summary.Count > 0 ? $" of {lengths} ms{(piezo ? $" at {pitches} Hz" : "")}" : "")}");
    }

    /// <summary><paramref name="count"/> vibration pulses began in [fromMs, toMs].</summary>
    public static SelfTestCheck Pulses(string name, IReadOnlyList<EdgeView> vibration, double fromMs, double toMs, int count)
    {
        var seen = RisingEdges(vibration, fromMs, toMs);
        return new($"{name}: {count} vibration pulse{(count == 1 ? "" : "s")}", seen == count, $"{seen} pulse(s)");
    }

    private static int RisingEdges(IReadOnlyList<EdgeView> edges, double fromMs, double toMs)
    {
        var on = edges.LastOrDefault(edge => edge.T < fromMs)?.On ?? false;
        var rising = 0;
        foreach (var edge in edges.Where(edge => edge.T >= fromMs && edge.T <= toMs))
        {
            if (edge.On && !on)
            {
                rising++;
            }

            on = edge.On;
        }

        return rising;
    }

    private bool Within(double actualMs, double expectedMs) => Math.Abs(actualMs - expectedMs) <= Math.Max(expectedMs * tolerance, slackMs);

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
