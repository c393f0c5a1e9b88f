// EMULATOR-ONLY endpoints beside the control API, for the page and for people at a desktop:
//   GET /api/camera              which camera runs, the buffer's fill in seconds and bytes, the
//                                encoder's process id, whether a preview can be had yet, and how
//                                faults recover.
//   GET /api/camera/preview.jpg  a still of the newest keyframe, at most a second old (404 with
//                                the stand-in pipeline, 503 before the first keyframe).
// A device in rig mode has neither: its camera is not to be watched over the network.
using BodyCamDevice.Emulator.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.Emulator.Web;

internal static class CameraEndpoints
{
    public static void Map(WebApplication app, EmulatedDevice device)
    {
        app.MapGet("/api/camera", () =>
        {
            if (device.Capture is not { } capture)
            {
                return Results.Ok(new CameraView(device.Camera.ToString(), Real: false, Running: false, ProcessId: null, BufferedSeconds: null, TargetSeconds: null, BytesUsed: null, ByteCapacity: null, PreviewReady: false,
                    Recovery: "manual: POST /api/camera/recover reports the camera back"));
            }

            var buffer = capture.Buffer.GetStatistics();
            return Results.Ok(new CameraView(
                device.Camera.ToString(),
                Real: true,
                capture.Camera.IsRunning,
                capture.Camera.ProcessId,
                buffer.BufferedDuration.TotalSeconds,
                buffer.Duration.TotalSeconds,
                buffer.BytesUsed,
                buffer.ByteCapacity,
                PreviewReady: capture.Camera.ProgramTables is not null && buffer.FrameCount > 0,
                Recovery: "automatic: a camera fault kills the encoder and the supervisor restarts it; /api/camera/recover has nothing to do"));
        });

        app.MapGet("/api/camera/preview.jpg", async (HttpContext context) =>
        {
            if (device.Preview is not { } preview)
            {
                return Results.NotFound(new { error = "No camera preview: the stand-in pipeline has no camera (run with --camera testpattern)." });
            }

            var jpeg = await preview.GetAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return jpeg is null
                ? Results.Json(new { error = "No keyframe from the camera yet." }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Bytes(jpeg, "image/jpeg");
        });
    }

    private sealed record CameraView(
        string Camera,
        bool Real,
        bool Running,
        int? ProcessId,
        double? BufferedSeconds,
        double? TargetSeconds,
        long? BytesUsed,
        long? ByteCapacity,
        bool PreviewReady,
        string Recovery);
}
