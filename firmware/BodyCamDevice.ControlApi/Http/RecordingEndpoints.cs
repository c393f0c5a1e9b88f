// Recordings: the list (clips with their manifests), a clip's bytes (with HTTP ranges, so a
// browser's <video> can seek) and its manifest. Read-only: footage is never changed from here.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BodyCamDevice.ControlApi.Http;

internal static class RecordingEndpoints
{
    public static void Map(IEndpointRouteBuilder api, RigDevice rig)
    {
        api.MapGet("/recordings", () => rig.Recordings.List()).Takes();

        api.MapGet("/recordings/{name}", (string name) =>
            rig.Recordings.ClipPath(name) is { } path
                ? Results.File(path, "video/mp4", fileDownloadName: null, enableRangeProcessing: true)
                : NotFound(name)).Takes();

        api.MapGet("/recordings/{name}/manifest", (string name) =>
            rig.Recordings.ManifestPath(name) is { } path
                ? Results.File(path, "application/json; charset=utf-8")
                : NotFound(name + " (manifest)")).Takes();
    }

    private static IResult NotFound(string name) => Results.NotFound(new ErrorView($"No recording '{name}'."));
}
