// Outputs: current levels, each output's timestamped edge trace ("since" a rig-timeline ms), a
// blink summary over a window, and the beeper's tone trace and beep counts.
using BodyCamDevice.ControlApi.Analysis;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BodyCamDevice.ControlApi.Http;

internal static class OutputEndpoints
{
    private const double DefaultWindowMs = 5000;

    public static void Map(IEndpointRouteBuilder api, RigDevice rig)
    {
        api.MapGet("/outputs", () => RigViews.Outputs(rig)).Takes();

        api.MapGet("/outputs/{output}", (string output, string? since) =>
            Find(rig, output) ?? Since(since, out var from) ?? Results.Ok(RigViews.Trace(rig, output, from))).Takes(query: "since");

        // Window: [since, until] when given, else the last windowMs (default 5 s) up to now.
        api.MapGet("/outputs/{output}/blink", (string output, string? since, string? until, string? windowMs) =>
        {
            if (Find(rig, output) is { } missing)
            {
                return missing;
            }

            return Window(rig, since, until, windowMs, out var from, out var to)
                ?? Results.Ok(BlinkSummary.Compute(output, RigViews.Trace(rig, output, null).Edges, from, to));
        }).Takes(query: ["since", "until", "windowMs"]);

        api.MapGet("/tones", (string? since) => Since(since, out var from) ?? Results.Ok(RigViews.Tones(rig, from))).Takes(query: "since");

        api.MapGet("/tones/beeps", (string? since, string? until, string? windowMs) =>
            Window(rig, since, until, windowMs, out var from, out var to) ?? Results.Ok(BeepSummary.Compute(RigViews.Tones(rig, null), from, to)))
            .Takes(query: ["since", "until", "windowMs"]);
    }

    private static IResult? Since(string? text, out double? since) =>
        RequestChecks.Number("since", text, out since) ?? RequestChecks.Time("since", since);

    // since + until, since alone (until now), or windowMs (ending at until or now); never since and windowMs.
    private static IResult? Window(RigDevice rig, string? sinceText, string? untilText, string? windowText, out double from, out double to)
    {
        from = to = 0;
        double? until = null, windowMs = null;
        if ((Since(sinceText, out var since)
            ?? RequestChecks.Number("until", untilText, out until) ?? RequestChecks.Time("until", until)
            ?? RequestChecks.Number("windowMs", windowText, out windowMs) ?? RequestChecks.RangeAbove("windowMs", windowMs, 0, RequestLimits.LargestTimeMs, " ms")) is { } invalid)
        {
            return invalid;
        }

        if (since is not null && windowMs is not null)
        {
            return RequestChecks.Invalid("Give since (and until), or windowMs, not both: windowMs with since is ambiguous.");
        }

        to = until ?? rig.Timeline.NowMs;
        from = since ?? to - (windowMs ?? DefaultWindowMs);
        return to > from ? null : RequestChecks.Invalid($"The window must end after it starts ({from} ms .. {to} ms).");
    }

    private static IResult? Find(RigDevice rig, string output) =>
        rig.Outputs.Names.Contains(output)
            ? null
            : Results.NotFound(new ErrorView($"No output '{output}'; outputs are {string.Join(", ", rig.Outputs.Names)}."));
}
