// What a rig reads of a running capture pipeline: the pre-record buffer's fill for the status
// (bufferFill) and the camera view (GET /api/camera). Thread-safe reads of the buffer's
// statistics and the camera's state; no stills (a device's camera is not watched over the network).
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.ControlApi.Rig;

public static class CaptureReports
{
    /// <param name="camera">How the camera is named: testpattern, rpicam, v4l2, …</param>
    /// <param name="window">The configured pre-record window (Recording.PreRecord).</param>
    /// <param name="recovery">How a camera fault recovers on this host, in words.</param>
    public static void Report(this RigDevice rig, CapturePipeline capture, string camera, TimeSpan window, string recovery)
    {
        rig.BufferFill = () => new BufferFillView(capture.Buffer.GetStatistics().BufferedDuration.TotalSeconds, window.TotalSeconds);
        rig.Camera = () =>
        {
            var buffer = capture.Buffer.GetStatistics();
            return new CameraView(
                camera,
                Real: true,
                capture.Camera.IsRunning,
                capture.Camera.ProcessId,
                buffer.BufferedDuration.TotalSeconds,
                buffer.Duration.TotalSeconds,
                buffer.BytesUsed,
                buffer.ByteCapacity,
                PreviewReady: false,
                recovery);
        };
    }
}
