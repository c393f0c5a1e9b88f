// expectTones: counts the beeps that begin inside a window of the tone trace and checks their
// frequency and, optionally, their length. The window begins where the last action began
// ("from: action", the default: the beeps a press causes) or now ("from: now": beeps still to
// come); the runner lets time pass to the window's end first.
using System.Globalization;
using BodyCamDevice.ControlApi.Analysis;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class ToneExpectations
{
    public static (string, Func<ScenarioContext, Task>) Compile(StepArguments args)
    {
        var count = args.WholeNumber("count");
        var within = args.Duration("within");
        var from = args.Get("from") ?? "action";
        if (from is not "action" and not "now")
        {
            throw args.Invalid($"'from' must be action or now, not '{from}'");
        }

        var frequency = args.OptionalNumber("frequencyHz");
        var tolerance = args.Tolerance("tolerance", 0.01);
        var beepLength = args.Get("beep") is null ? (TimeSpan?)null : args.Duration("beep");
        var beepTolerance = args.Duration("beepTolerance", TimeSpan.FromMilliseconds(25));
        var what = $"{count} beep(s) within {ActionSteps.Format(within)} from {(from == "now" ? "now" : "the last action")}"
            + (frequency is { } hz ? $" at {hz.ToString(CultureInfo.InvariantCulture)} Hz" : "");

        return (what, async context =>
        {
            var start = from == "now" ? await context.Target.NowMsAsync() : context.ActionMarkMs;
            var end = start + within.TotalMilliseconds;
            await context.WaitUntilAsync(end);
            var summary = BeepSummary.Compute(await context.Target.TonesAsync(), start, end);
            var seen = $"{summary.Count} beep(s) at [{string.Join(", ", summary.StartsMs.Select(t => $"{t - start:0} ms"))}] into the window"
                + $", lengths [{string.Join(", ", summary.DurationsMs.Select(d => d is { } ms ? $"{ms:0} ms" : "still sounding"))}]"
                + $", frequencies [{string.Join(", ", summary.FrequenciesHz.Distinct())}] Hz";
            if (summary.Count != count)
            {
                throw new ScenarioFailedException($"saw {seen}");
            }

            if (frequency is { } expected && summary.FrequenciesHz.Any(hz => Math.Abs(hz - expected) > expected * tolerance))
            {
                throw new ScenarioFailedException($"frequency off: saw {seen}");
            }

            if (beepLength is { } length && summary.DurationsMs.Any(ms => ms is not { } value || Math.Abs(value - length.TotalMilliseconds) > beepTolerance.TotalMilliseconds))
            {
                throw new ScenarioFailedException($"beeps not {length.TotalMilliseconds:0} ms long: saw {seen}");
            }
        });
    }
}
