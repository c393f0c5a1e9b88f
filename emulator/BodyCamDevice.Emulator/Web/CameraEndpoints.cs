// The EMULATOR-ONLY endpoint beside the control API, for the page and for people at a desktop:
//   GET /api/camera/preview.jpg  a still of the newest keyframe, at most a second old (503 before
//                                the first keyframe, or without ffmpeg to decode it).
// A device in rig mode has none: its camera is not to be watched over the network. GET /api/camera
// is the control API's (CaptureReports), on both.
using BodyCamDevice.Emulator.Rig;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.Emulator.Web;

internal static class CameraEndpoints
{
    public static void Map(WebApplication app, EmulatedDevice device)
    {
        app.MapGet("/api/camera/preview.jpg", async (HttpContext context) =>
        {
            var jpeg = await device.Preview.GetAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return jpeg is null
                ? Results.Json(new { error = "No keyframe from the camera yet, or no ffmpeg to decode it." }, statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Bytes(jpeg, "image/jpeg");
        });
    }
}
