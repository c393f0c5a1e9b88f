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
    /// <summary>Longest press or hold a request may ask for; a rig that wants longer sets levels itself.</summary>
    private static readonly TimeSpan LongestGesture = TimeSpan.FromMinutes(2);

    public static void Map(IEndpointRouteBuilder api, RigDevice rig)
    {
        api.MapGet("/inputs", () => RigViews.Inputs(rig));

        api.MapGet("/inputs/{input}", (string input) =>
            Find(rig, input, out var found) is { } error ? error : Results.Ok(new InputView(RigInputNames.Name(found), rig.Inputs.IsActive(found))));

        api.MapPut("/inputs/{input}", async (string input, LevelRequest body, CancellationToken cancellationToken) =>
        {
            if (Find(rig, input, out var found) is { } error)
            {
                return error;
            }

            if (body.AtMs is { } at && (!double.IsFinite(at) || at < 0))
            {
                return Invalid($"atMs must be a time in milliseconds, 0 or more; it was {at}.");
            }

            await rig.Pacer.SetAsync(found, body.Active, body.AtMs, cancellationToken);
            return Results.Ok(new InputView(RigInputNames.Name(found), body.Active));
        });

        api.MapPost("/inputs/{input}/press", (string input, PressRequest? body, CancellationToken cancellationToken) =>
            GestureAsync(rig, input, body?.Ms, RigFinger.DefaultPress, (found, down) => rig.Finger.PressAsync(found, down, cancellationToken)));

        api.MapPost("/inputs/{input}/hold", (string input, PressRequest? body, CancellationToken cancellationToken) =>
            GestureAsync(rig, input, body?.Ms, RigFinger.DefaultHold, (found, down) => rig.Finger.PressAsync(found, down, cancellationToken)));

        api.MapPost("/inputs/{input}/double-press", (string input, PressRequest? body, CancellationToken cancellationToken) =>
        {
            var gap = TimeSpan.FromMilliseconds(body?.GapMs ?? RigFinger.DefaultGap.TotalMilliseconds);
            if (gap < TimeSpan.Zero || gap > LongestGesture)
            {
                return Task.FromResult(Invalid($"gapMs must be 0 to {LongestGesture.TotalMilliseconds} ms."));
            }

            return GestureAsync(rig, input, body?.Ms, RigFinger.DefaultPress, (found, down) => rig.Finger.DoublePressAsync(found, down, gap, cancellationToken));
        });
    }

    private static async Task<IResult> GestureAsync(RigDevice rig, string input, double? ms, TimeSpan fallback, Func<DeviceInput, TimeSpan, Task> gesture)
    {
        if (Find(rig, input, out var found) is { } error)
        {
            return error;
        }

        var down = ms is { } value ? TimeSpan.FromMilliseconds(value) : fallback;
        if (down <= TimeSpan.Zero || down > LongestGesture)
        {
            return Invalid($"ms must be above 0 and at most {LongestGesture.TotalMilliseconds} ms.");
        }

        var started = rig.Timeline.NowMs;
        await gesture(found, down);
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

    private static IResult Invalid(string message) => Results.BadRequest(new ErrorView(message));
}
