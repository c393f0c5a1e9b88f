// The device as a whole: status, audit log, recording requests (the same the record button makes,
// by another route), the dock, and the simulated environment (battery, storage, camera faults).
// Requests are posted to the device loop; the answer is the status right after posting.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BodyCamDevice.ControlApi.Http;

internal static class DeviceEndpoints
{
    public static void Map(IEndpointRouteBuilder api, RigDevice rig)
    {
        api.MapGet("/status", () => RigViews.Status(rig));

        // after: only entries with a higher sequence number; limit: the newest N.
        api.MapGet("/audit", (long? after, int? limit) => RigViews.Audit(rig, after ?? 0, limit ?? int.MaxValue));

        api.MapPost("/recording/start", () => Status(rig, () => rig.Controller.RequestStart(TriggerSource.ControlApi)));
        api.MapPost("/recording/stop", () => Status(rig, () => rig.Controller.RequestStop(StopReason.ControlApi)));
        api.MapPost("/recording/marker", () => Status(rig, () => rig.Controller.RequestMarker("control api")));

        // The dock is an input: the level goes where a dock's contact would put it.
        api.MapPut("/dock", (DockRequest body) =>
            rig.Inputs.Inputs.Contains(DeviceInput.DockDetect)
                ? Status(rig, () => rig.Inputs.Set(DeviceInput.DockDetect, body.Docked))
                : Results.NotFound(new ErrorView("This device has no dock-detect input.")));

        api.MapPut("/battery", (BatteryRequest body) =>
            body.Percent is < 0 or > 100
                ? Results.BadRequest(new ErrorView($"percent must be 0 to 100, not {body.Percent}."))
                : WithEnvironment(rig, environment => environment.SetBatteryPercent(body.Percent)));

        api.MapPut("/storage", (StorageRequest body) =>
            body.FreeMegabytes < 0
                ? Results.BadRequest(new ErrorView($"freeMegabytes must not be negative, not {body.FreeMegabytes}."))
                : WithEnvironment(rig, environment => environment.SetFreeStorageMegabytes(body.FreeMegabytes)));

        api.MapPost("/camera/fault", (FaultRequest? body) =>
            WithEnvironment(rig, environment => environment.InjectCameraFault(body?.Detail ?? "camera fault injected through the control API")));

        api.MapPost("/camera/recover", () => WithEnvironment(rig, environment => environment.RecoverCamera()));

        api.MapPut("/gnss", (GnssRequest body) => Gnss(rig, body));

        api.MapPut("/rtc", (RtcRequest body) =>
            Enum.TryParse<RtcChipState>(body.State, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(body.State, out _)
                ? body.Utc is not null && state != RtcChipState.Running
                    ? Results.BadRequest(new ErrorView($"utc goes only with state running, not {body.State}."))
                    : WithEnvironment(rig, environment => environment.SetRtc(state, body.Utc))
                : Results.BadRequest(new ErrorView($"state must be running, stopped, missing or corrupt, not '{body.State}'.")));
    }

    private static IResult Gnss(RigDevice rig, GnssRequest body)
    {
        if (body.Silent == true || body.Fix == false)
        {
            return body.Latitude is not null || body.Longitude is not null
                ? Results.BadRequest(new ErrorView("latitude and longitude go only with a fix."))
                : WithEnvironment(rig, environment => environment.SetGnssNoFix(silent: body.Silent == true));
        }

        if (body.Latitude is not { } latitude || body.Longitude is not { } longitude)
        {
            return Results.BadRequest(new ErrorView("give latitude and longitude (degrees) for a fix, or {\"fix\": false}, or {\"silent\": true}."));
        }

        if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            return Results.BadRequest(new ErrorView($"latitude must be -90 to 90 and longitude -180 to 180, not {latitude}, {longitude}."));
        }

        if (body.Satellites is < 3 or > 99)
        {
            return Results.BadRequest(new ErrorView($"satellites must be 3 to 99 for a fix, not {body.Satellites}."));
        }

        return WithEnvironment(rig, environment => environment.SetGnssFix(latitude, longitude, body.AltitudeMeters ?? 35, body.Satellites ?? 9));
    }

    private static IResult Status(RigDevice rig, Action request)
    {
        request();
        return Results.Ok(RigViews.Status(rig));
    }

    private static IResult WithEnvironment(RigDevice rig, Action<IRigEnvironment> change) =>
        rig.Environment is { } environment
            ? Status(rig, () => change(environment))
            : Results.Json(new ErrorView("This device cannot simulate battery, storage, camera, GNSS or RTC."), ControlApiJson.ErrorViewInfo, statusCode: StatusCodes.Status501NotImplemented);
}
