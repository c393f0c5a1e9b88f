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
        api.MapGet("/outputs", () => RigViews.Outputs(rig));

        api.MapGet("/outputs/{output}", (string output, double? since) =>
            Find(rig, output) ?? Results.Ok(RigViews.Trace(rig, output, since)));

        // Window: [since, until] when given, else the last windowMs (default 5 s) up to now.
        api.MapGet("/outputs/{output}/blink", (string output, double? since, double? until, double? windowMs) =>
        {
            if (Find(rig, output) is { } error)
            {
                return error;
            }

            var (from, to) = Window(rig, since, until, windowMs);
            if (to <= from)
            {
                return Results.BadRequest(new ErrorView($"The window must end after it starts ({from} ms .. {to} ms)."));
            }

            return Results.Ok(BlinkSummary.Compute(output, RigViews.Trace(rig, output, null).Edges, from, to));
        });

        api.MapGet("/tones", (double? since) => RigViews.Tones(rig, since));

        api.MapGet("/tones/beeps", (double? since, double? until, double? windowMs) =>
        {
            var (from, to) = Window(rig, since, until, windowMs);
            return Results.Ok(BeepSummary.Compute(RigViews.Tones(rig, null), from, to));
        });
    }

    private static (double From, double To) Window(RigDevice rig, double? since, double? until, double? windowMs)
    {
        var to = until ?? rig.Timeline.NowMs;
        var from = since ?? to - (windowMs ?? DefaultWindowMs);
        return (from, to);
    }

    private static IResult? Find(RigDevice rig, string output) =>
        rig.Outputs.Names.Contains(output)
            ? null
            : Results.NotFound(new ErrorView($"No output '{output}'; outputs are {string.Join(", ", rig.Outputs.Names)}."));
}
