// The steps that check: state, stealth, alarms, markers, an output's level, a blink frequency
// (from the edge trace), a tone pattern (from the tone trace), an audit entry, a recording, the
// GNSS fix the firmware decoded, and the battery charge its monitor read.
// A failed check throws ScenarioFailedException saying what was seen.
using System.Globalization;
using BodyCamDevice.ControlApi.Analysis;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class ExpectationSteps
{
    public static readonly string[] Kinds = ["expectState", "expectStealth", "expectAlarms", "expectMarkers", "expectOutput", "expectBlink", "expectTones", "expectAudit", "expectRecording", "expectGnss", "expectBattery"];

    public static (string Description, Func<ScenarioContext, Task> Run) Compile(string kind, StepArguments args)
    {
        switch (kind)
        {
            case "expectState":
            {
                var state = args.Require("state");
                var within = args.IsScalar ? TimeSpan.Zero : args.Duration("within", TimeSpan.Zero);
                return ($"state is {state}", context => StatusAsync(context, within, status => string.Equals(status.State, state, StringComparison.OrdinalIgnoreCase), status => $"state {status.State}"));
            }

            case "expectStealth":
            {
                var on = args.Flag("on");
                return ($"stealth {(on ? "on" : "off")}", context => StatusAsync(context, TimeSpan.Zero, status => status.Stealth == on, status => $"stealth {(status.Stealth ? "on" : "off")}"));
            }

            case "expectAlarms":
            {
                var alarms = args.List("alarms") ?? throw args.Invalid("needs a list of alarms, [] for none");
                var within = args.IsScalar || args.Get("within") is null ? TimeSpan.Zero : args.Duration("within");
                var wanted = alarms.Order(StringComparer.OrdinalIgnoreCase).ToArray();
                return ($"alarms [{string.Join(", ", wanted)}]", context => StatusAsync(
                    context,
                    within,
                    status => status.Alarms.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(wanted, StringComparer.OrdinalIgnoreCase),
                    status => $"alarms [{string.Join(", ", status.Alarms)}]"));
            }

            case "expectMarkers":
            {
                var count = args.MainWholeNumber("count");
                return ($"{count} marker(s)", context => StatusAsync(context, TimeSpan.Zero, status => status.MarkerCount == count, status => $"{status.MarkerCount} marker(s)"));
            }

            case "expectOutput":
                return OutputLevel(args);

            case "expectBlink":
                return Blink(args);

            case "expectTones":
                return ToneExpectations.Compile(args);

            case "expectAudit":
            {
                var auditKind = args.Require("kind");
                var within = args.IsScalar ? TimeSpan.Zero : args.Duration("within", TimeSpan.Zero);
                return ($"audit entry '{auditKind}' since the last action", async context =>
                {
                    var found = await context.WaitForAsync(async () => (await context.Target.AuditAsync(context.AuditMark)).Any(entry => entry.Kind == auditKind), within);
                    if (!found)
                    {
                        var seen = (await context.Target.AuditAsync(context.AuditMark)).Select(entry => entry.Kind).Distinct();
                        throw new ScenarioFailedException($"no '{auditKind}' entry; saw [{string.Join(", ", seen)}]");
                    }
                });
            }

            case "expectRecording":
                return RecordingExpectations.Compile(args);

            case "expectGnss":
            {
                var fix = args.Flag("fix");
                var within = args.IsScalar ? TimeSpan.Zero : args.Duration("within", TimeSpan.Zero);
                return ($"GNSS {(fix ? "has a fix" : "has no fix")}", context => StatusAsync(
                    context,
                    within,
                    status => status.Gnss is { } gnss && gnss.Fix == fix,
                    status => status.Gnss is { } gnss ? $"GNSS {(gnss.Fix ? $"fix at {gnss.Latitude}, {gnss.Longitude}" : $"without a fix ({gnss.Quality})")}" : "no GNSS report"));
            }

            case "expectBattery":
            {
                var percent = args.Number("percent");
                var tolerance = args.Number("tolerance", 1);
                return ($"battery read at {percent.ToString(CultureInfo.InvariantCulture)} % (±{tolerance.ToString(CultureInfo.InvariantCulture)})", context => StatusAsync(
                    context,
                    TimeSpan.Zero,
                    status => status.Battery is { Percent: { } read } && Math.Abs(read - percent) <= tolerance,
                    status => status.Battery is { } battery ? $"battery {battery.Percent?.ToString(CultureInfo.InvariantCulture) ?? "unread"} % ({battery.Error ?? $"{battery.Volts} V"})" : "no battery reading"));
            }

            default:
                throw args.Invalid("is not an expectation");
        }
    }

    private static (string, Func<ScenarioContext, Task>) OutputLevel(StepArguments args)
    {
        var output = args.Require("output");
        var on = args.Flag("on");
        var span = args.Get("for") is null ? TimeSpan.Zero : args.Duration("for");
        var what = $"{output} {(on ? "on" : "off")}{(span > TimeSpan.Zero ? $" for {ActionSteps.Format(span)}" : "")}";
        return (what, async context =>
        {
            var from = await context.Target.NowMsAsync();
            await context.Target.WaitAsync(span);
            var trace = await context.Target.TraceAsync(output, null);
            var summary = BlinkSummary.Compute(output, trace.Edges, from, Math.Max(from + 0.001, await context.Target.NowMsAsync()));
            var steady = summary.OnAtStart == on && summary.OnAtEnd == on && summary.Duty == (on ? 1 : 0);
            if (!steady)
            {
                throw new ScenarioFailedException($"{output} was {(summary.OnAtStart ? "on" : "off")} at the start, {(summary.OnAtEnd ? "on" : "off")} at the end, on {summary.Duty:P0} of the time ({summary.RisingEdges} rising edge(s))");
            }
        });
    }

    private static (string, Func<ScenarioContext, Task>) Blink(StepArguments args)
    {
        var output = args.Require("output");
        var frequency = args.Number("frequencyHz");
        var tolerance = args.Tolerance("tolerance", 0.05);
        var over = args.Duration("over", TimeSpan.FromSeconds(5));
        var duty = args.OptionalNumber("duty");
        var dutyTolerance = args.Number("dutyTolerance", 0.05);
        var fromAction = (args.Get("from") ?? "now") == "action";
        var what = $"{output} blinks at {frequency.ToString(CultureInfo.InvariantCulture)} Hz ±{tolerance:P0} over {ActionSteps.Format(over)}";
        return (what, async context =>
        {
            var from = fromAction ? context.ActionMarkMs : await context.Target.NowMsAsync();
            await context.WaitUntilAsync(from + over.TotalMilliseconds);
            var trace = await context.Target.TraceAsync(output, null);
            var summary = BlinkSummary.Compute(output, trace.Edges, from, from + over.TotalMilliseconds);
            var seen = $"{summary.RisingEdges} rising edge(s), {(summary.FrequencyHz is { } f ? $"{f:0.###} Hz" : "no frequency")}, periods {summary.MinPeriodMs:0.#}..{summary.MaxPeriodMs:0.#} ms, duty {summary.Duty:0.###}";
            if (!summary.IsBlinkingAt(frequency, tolerance))
            {
                throw new ScenarioFailedException($"saw {seen}");
            }

            if (duty is { } expectedDuty && Math.Abs(summary.Duty - expectedDuty) > dutyTolerance)
            {
                throw new ScenarioFailedException($"duty {summary.Duty:0.###}, expected {expectedDuty} ± {dutyTolerance}; {seen}");
            }
        });
    }

    private static async Task StatusAsync(ScenarioContext context, TimeSpan within, Func<ControlApi.Contracts.StatusView, bool> check, Func<ControlApi.Contracts.StatusView, string> describe)
    {
        ControlApi.Contracts.StatusView? last = null;
        var met = await context.WaitForAsync(async () => check(last = await context.Target.StatusAsync()), within);
        if (!met)
        {
            throw new ScenarioFailedException($"saw {describe(last!)}{(within > TimeSpan.Zero ? $" after waiting {ActionSteps.Format(within)}" : "")}");
        }
    }
}
