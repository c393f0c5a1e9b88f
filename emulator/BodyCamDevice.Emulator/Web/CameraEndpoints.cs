// EMULATOR-ONLY endpoints beside the control API, for the page and for people at a desktop:
//   GET /api/camera              which camera runs, the buffer's fill in seconds and bytes, the
//                                encoder's process id (an ffmpeg camera's), whether a preview can be
//                                had yet, and how faults recover.
//   GET /api/camera/preview.jpg  a still of the newest keyframe, at most a second old (503 before
//                                the first keyframe, or without ffmpeg to decode it).
// A device in rig mode has neither: its camera is not to be watched over the network.
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Capture.Camera;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.Emulator.Web;

internal static class CameraEndpoints
{
    public static void Map(WebApplication app, EmulatedDevice device)
    {
        app.MapGet("/api/camera", () =>
        {
            var capture = device.Capture;
            var buffer = capture.Buffer.GetStatistics();
            var ffmpeg = capture.Camera as FfmpegCameraSource;
            return Results.Ok(new CameraView(
                device.Camera.ToString(),
                Virtual: device.Camera.IsVirtual,
                Running: capture.Supervisor.State == CameraSupervisorState.Running,
                ffmpeg?.ProcessId,
                buffer.BufferedDuration.TotalSeconds,
                buffer.Duration.TotalSeconds,
                buffer.BytesUsed,
                buffer.ByteCapacity,
                PreviewReady: capture.Camera.ProgramTables is not null && buffer.FrameCount > 0,
                Recovery: device.Camera.IsVirtual
                    ? "manual: a camera fault breaks the virtual camera until POST /api/camera/recover; the supervisor restarts it meanwhile"
                    : "automatic: a camera fault kills the encoder and the supervisor restarts it; /api/camera/recover has nothing to do"));
        });

        app.MapGet("/api/camera/preview.jpg", async (HttpContext context) =>
        {
            var jpeg = await device.Preview.GetAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return jpeg is null
                ? Results.Json(new { error = "No keyframe from the camera yet, or no ffmpeg to decode it." }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Bytes(jpeg, "image/jpeg");
        });
    }

    private sealed record CameraView(
        string Camera,
        bool Virtual,
        bool Running,
        int? ProcessId,
        double BufferedSeconds,
        double TargetSeconds,
        long BytesUsed,
        long ByteCapacity,
        bool PreviewReady,
        string Recovery);
}
