// Inputs: read levels, set a level (an edge, paced to the client's own timing when it gives one), or make a timed gesture that the device's clock
// times: press for N ms, double-press, hold. Gesture requests answer once the input is released.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BodyCamDevice.ControlApi.Http;

internal static class InputEndpoints
{
    public static void Map(IEndpointRouteBuilder api, RigDevice rig)
    {
        api.MapGet("/inputs", () => RigViews.Inputs(rig)).Takes();

        api.MapGet("/inputs/{input}", (string input) =>
            Find(rig, input, out var found) is { } error ? error : Results.Ok(new InputView(RigInputNames.Name(found), rig.Inputs.IsActive(found)))).Takes();

        api.MapPut("/inputs/{input}", async (string input, LevelRequest body, CancellationToken cancellationToken) =>
        {
            if (Find(rig, input, out var found) is { } error)
            {
                return error;
            }

            if (RequestChecks.Range("atMs", body.AtMs, 0, RequestLimits.LargestTimeMs, " ms") is { } invalid)
            {
                return invalid;
            }

            await rig.Pacer.SetAsync(found, body.Active, body.AtMs, cancellationToken);
            return Results.Ok(new InputView(RigInputNames.Name(found), body.Active));
        }).Takes(body: true);

        api.MapPost("/inputs/{input}/press", (string input, PressRequest? body, CancellationToken cancellationToken) =>
            GestureAsync(rig, input, body, RigFinger.DefaultPress, gapAllowed: false, (found, down, _) => rig.Finger.PressAsync(found, down, cancellationToken))).Takes(body: true);

        api.MapPost("/inputs/{input}/hold", (string input, PressRequest? body, CancellationToken cancellationToken) =>
            GestureAsync(rig, input, body, RigFinger.DefaultHold, gapAllowed: false, (found, down, _) => rig.Finger.PressAsync(found, down, cancellationToken))).Takes(body: true);

        api.MapPost("/inputs/{input}/double-press", (string input, PressRequest? body, CancellationToken cancellationToken) =>
            GestureAsync(rig, input, body, RigFinger.DefaultPress, gapAllowed: true, (found, down, gap) => rig.Finger.DoublePressAsync(found, down, gap, cancellationToken))).Takes(body: true);
    }

    private static async Task<IResult> GestureAsync(RigDevice rig, string input, PressRequest? body, TimeSpan fallback, bool gapAllowed, Func<DeviceInput, TimeSpan, TimeSpan, Task> gesture)
    {
        if (Find(rig, input, out var found) is { } error)
        {
            return error;
        }

        // The numbers are checked before they become TimeSpans, which overflow beyond 29,000 years.
        if (RequestChecks.RangeAbove("ms", body?.Ms, 0, RequestLimits.LongestGestureMs, " ms") is { } invalid)
        {
            return invalid;
        }

        if (!gapAllowed && body?.GapMs is not null)
        {
            return RequestChecks.Invalid("gapMs goes only with double-press; a press or hold takes ms.");
        }

        if (RequestChecks.Range("gapMs", body?.GapMs, 0, RequestLimits.LongestGestureMs, " ms") is { } invalidGap)
        {
            return invalidGap;
        }

        var down = body?.Ms is { } ms ? TimeSpan.FromMilliseconds(ms) : fallback;
        var gap = body?.GapMs is { } gapMs ? TimeSpan.FromMilliseconds(gapMs) : RigFinger.DefaultGap;
        var started = rig.Timeline.NowMs;
        await gesture(found, down, gap);
        return Results.Ok(new GestureView(RigInputNames.Name(found), started, rig.Timeline.NowMs));
    }

    private static IResult? Find(RigDevice rig, string name, out DeviceInput input)
    {
        if (RigInputNames.TryParse(name, out input) && rig.Inputs.Inputs.Contains(input))
        {
            return null;
        }

        var known = string.Join(", ", rig.Inputs.Inputs.Select(RigInputNames.Name));
        return Results.NotFound(new ErrorView($"No input '{name}'; inputs are {known}."));
    }
}
