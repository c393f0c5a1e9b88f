// Maps the whole control API under /api onto one RigDevice. The caller decides who may reach
// it: the emulator serves it on 127.0.0.1 only, rig mode puts BearerTokenAuthentication first.
using BodyCamDevice.ControlApi.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace BodyCamDevice.ControlApi.Http;

public static class ControlApiEndpoints
{
    /// <param name="events">The broadcaster for /api/events; owned by the caller, who disposes it after the server stops.</param>
    public static RouteGroupBuilder MapControlApi(this IEndpointRouteBuilder endpoints, RigDevice rig, EventBroadcaster events)
    {
        var api = endpoints.MapGroup("/api");
        DeviceEndpoints.Map(api, rig);
        InputEndpoints.Map(api, rig);
        OutputEndpoints.Map(api, rig);
        RecordingEndpoints.Map(api, rig);
        CategoryEndpoints.Map(api, rig);
        EventStreamEndpoint.Map(api, rig, events);
        if (rig.Identity is { } identity)
        {
            api.MapGet("/identity", () => identity).Takes();
        }

        if (rig.Camera is { } camera)
        {
            api.MapGet("/camera", () => camera()).Takes();
        }

        return api;
    }
}
