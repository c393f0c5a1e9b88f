// What the supervisor needs of a camera: start, stop, and word of its health. FfmpegCameraSource
// is the real one; tests use a fake.
namespace BodyCamDevice.Firmware.Capture.Camera;

public interface ICameraSource
{
    /// <summary>The first keyframe of a run is in the pre-record buffer: video flows. Raised on a thread-pool thread.</summary>
    event Action? Started;

    /// <summary>A run ended without <see cref="StopAsync"/>; the encoder process is already gone. Raised on a thread-pool thread.</summary>
    event Action<string>? Failed;

    /// <summary>Starts a run and returns once the encoder process is launching; throws <see cref="CameraStartException"/> for a cause that needs fixing first.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the current run, if any, and returns once its processes have exited.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
