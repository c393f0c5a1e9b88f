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
        api.MapGet("/status", () => RigViews.Status(rig)).Takes();

        // after: only entries with a higher sequence number; limit: the newest N.
        api.MapGet("/audit", (string? after, string? limit) =>
        {
            double? afterValue = null, limitValue = null;
            return RequestChecks.Number("after", after, out afterValue) ?? WholeNumber("after", afterValue, 0, 1e18)
                ?? RequestChecks.Number("limit", limit, out limitValue) ?? WholeNumber("limit", limitValue, 0, RequestLimits.LargestAuditLimit)
                ?? Results.Ok(RigViews.Audit(rig, (long)(afterValue ?? 0), (int)(limitValue ?? RequestLimits.LargestAuditLimit)));
        }).Takes(query: ["after", "limit"]);

        api.MapPost("/recording/start", () => Status(rig, () => rig.Controller.RequestStart(TriggerSource.ControlApi))).Takes();
        api.MapPost("/recording/stop", () => Status(rig, () => rig.Controller.RequestStop(StopReason.ControlApi))).Takes();
        api.MapPost("/recording/marker", () => Status(rig, () => rig.Controller.RequestMarker("control api"))).Takes();

        // The dock is an input: the level goes where a dock's contact would put it.
        api.MapPut("/dock", (DockRequest body) =>
            rig.Inputs.Inputs.Contains(DeviceInput.DockDetect)
                ? Status(rig, () => rig.Inputs.Set(DeviceInput.DockDetect, body.Docked))
                : Results.NotFound(new ErrorView("This device has no dock-detect input."))).Takes(body: true);

        api.MapPut("/battery", (BatteryRequest body) =>
            RequestChecks.Range("percent", body.Percent, 0, 100, " %")
            ?? WithEnvironment(rig, environment => environment.SetBatteryPercent(body.Percent))).Takes(body: true);

        api.MapPut("/storage", (StorageRequest body) =>
            RequestChecks.Range("freeMegabytes", body.FreeMegabytes, 0, RequestLimits.LargestFreeStorageMegabytes, " MB")
            ?? WithEnvironment(rig, environment => environment.SetFreeStorageMegabytes(body.FreeMegabytes))).Takes(body: true);

        api.MapPost("/camera/fault", (FaultRequest? body) =>
            body?.Detail is { Length: > RequestLimits.LongestDetail } detail
                ? RequestChecks.Invalid($"detail must be at most {RequestLimits.LongestDetail} characters, not {detail.Length}.")
                : WithEnvironment(rig, environment => environment.InjectCameraFault(body?.Detail ?? "camera fault injected through the control API"))).Takes(body: true);

        api.MapPost("/camera/recover", () => WithEnvironment(rig, environment => environment.RecoverCamera())).Takes();

        api.MapPut("/gnss", (GnssRequest body) => Gnss(rig, body)).Takes(body: true);

        api.MapPut("/rtc", (RtcRequest body) =>
        {
            if (!(Enum.TryParse<RtcChipState>(body.State, ignoreCase: true, out var state) && Enum.IsDefined(state) && !int.TryParse(body.State, out _)))
            {
                return Results.BadRequest(new ErrorView($"state must be running, stopped, missing or corrupt, not '{body.State}'."));
            }

            if (body.Utc is not null && state != RtcChipState.Running)
            {
                return Results.BadRequest(new ErrorView($"utc goes only with state running, not {body.State}."));
            }

            if (body.Utc is { } utc && (utc.UtcDateTime.Year < RequestLimits.FirstRtcYear || utc.UtcDateTime.Year > RequestLimits.LastRtcYear))
            {
                return Results.BadRequest(new ErrorView($"utc must be from {RequestLimits.FirstRtcYear}-01-01 to {RequestLimits.LastRtcYear}-12-31 (what a DS3231 holds), not {utc:O}."));
            }

            return WithEnvironment(rig, environment => environment.SetRtc(state, body.Utc));
        }).Takes(body: true);
    }

    private static IResult? WholeNumber(string field, double? value, double minimum, double maximum) =>
        value is { } number && double.IsFinite(number) && Math.Floor(number) != number
            ? RequestChecks.Invalid($"{field} must be a whole number, not {number}.")
            : RequestChecks.Range(field, value, minimum, maximum);

    private static IResult Gnss(RigDevice rig, GnssRequest body)
    {
        if (body.Silent == true || body.Fix == false)
        {
            return body.Latitude is not null || body.Longitude is not null || body.AltitudeMeters is not null || body.Satellites is not null
                ? Results.BadRequest(new ErrorView("latitude, longitude, altitudeMeters and satellites go only with a fix."))
                : WithEnvironment(rig, environment => environment.SetGnssNoFix(silent: body.Silent == true));
        }

        if (body.Latitude is not { } latitude || body.Longitude is not { } longitude)
        {
            return Results.BadRequest(new ErrorView("give latitude and longitude (degrees) for a fix, or {\"fix\": false}, or {\"silent\": true}."));
        }

        return RequestChecks.Range("latitude", latitude, -90, 90, "°")
            ?? RequestChecks.Range("longitude", longitude, -180, 180, "°")
            ?? RequestChecks.Range("altitudeMeters", body.AltitudeMeters, RequestLimits.LowestAltitudeMeters, RequestLimits.HighestAltitudeMeters, " m")
            ?? RequestChecks.Range("satellites", body.Satellites, 3, 99)
            ?? WithEnvironment(rig, environment => environment.SetGnssFix(latitude, longitude, body.AltitudeMeters ?? 35, body.Satellites ?? 9));
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
