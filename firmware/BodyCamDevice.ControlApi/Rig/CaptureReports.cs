// What a rig reads of a running capture pipeline: the pre-record buffer's fill for the status
// (bufferFill) and the camera view (GET /api/camera), on the emulator and on a device in rig mode
// alike. Thread-safe reads of the buffer's statistics and the camera's state.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;

namespace BodyCamDevice.ControlApi.Rig;

public static class CaptureReports
{
    /// <param name="camera">How the camera is named: testpattern, rpicam, v4l2, virtual, …</param>
    /// <param name="window">The configured pre-record window (Recording.PreRecord).</param>
    /// <param name="recovery">How a camera fault recovers on this host, in words.</param>
    /// <param name="previewReady">Whether the host can serve a still now; null where it serves none (a device).</param>
    public static void Report(this RigDevice rig, CapturePipeline capture, string camera, TimeSpan window, string recovery, Func<bool>? previewReady = null)
    {
        rig.BufferFill = () => new BufferFillView(capture.Buffer.GetStatistics().BufferedDuration.TotalSeconds, window.TotalSeconds);
        rig.Camera = () =>
        {
            var buffer = capture.Buffer.GetStatistics();
            return new CameraView(
                camera,
                Virtual: capture.Camera is VirtualCameraSource,
                Running: capture.Supervisor.State == CameraSupervisorState.Running,
                (capture.Camera as FfmpegCameraSource)?.ProcessId,
                buffer.BufferedDuration.TotalSeconds,
                buffer.Duration.TotalSeconds,
                buffer.BytesUsed,
                buffer.ByteCapacity,
                PreviewReady: previewReady?.Invoke() ?? false,
                recovery);
        };
    }
}
