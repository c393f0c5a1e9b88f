// Runs a compiled scenario against a target, step by step, and stops at the first failed
// expectation. Prints one line per step with the device time at which it ended; the result
// names the failed step (index, line, description) and what was seen.
using System.Globalization;

namespace BodyCamDevice.Emulator.Scenarios;

internal sealed record ScenarioResult(bool Passed, string? Failure, IReadOnlyList<string> Notes);

internal static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(ScenarioDocument scenario, IScenarioTarget target, TextWriter log)
    {
        var context = new ScenarioContext(target, log);
        foreach (var recording in await target.RecordingsAsync())
        {
            context.RecordingsBefore.Add(recording.Name);
        }

        context.ActionMarkMs = await target.NowMsAsync();
        context.AuditMark = await LastAuditAsync(target, 0);
        log.WriteLine($"scenario: {scenario.Name} ({scenario.Steps.Count} steps) on {target.Description}");
        foreach (var step in scenario.Steps)
        {
            if (step.IsAction)
            {
                context.ActionMarkMs = await target.NowMsAsync();
                context.AuditMark = await LastAuditAsync(target, context.AuditMark);
            }

            try
            {
                await step.Run(context);
            }
            catch (ScenarioFailedException exception)
            {
                var failure = $"FAILED {step} at line {step.Line}: {exception.Message}";
                log.WriteLine($"  {failure}");
                return new ScenarioResult(false, failure, context.Notes);
            }

            var seconds = (await target.NowMsAsync() / 1000).ToString("0.000", CultureInfo.InvariantCulture);
            log.WriteLine($"  ok {step.Index,3}. {step.Description}  (t = {seconds} s)");
        }

        foreach (var note in context.Notes)
        {
            log.WriteLine($"  note: {note}");
        }

        log.WriteLine($"scenario passed: {scenario.Name}");
        return new ScenarioResult(true, null, context.Notes);
    }

    private static async Task<long> LastAuditAsync(IScenarioTarget target, long after)
    {
        var entries = await target.AuditAsync(after);
        return entries.Count == 0 ? after : entries[^1].Seq;
    }
}
