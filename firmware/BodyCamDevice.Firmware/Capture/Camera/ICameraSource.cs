// What the capture pipeline needs of a camera: start and stop it, word of its health, and what it
// has put into the pre-record buffer (the stream's program tables and its newest video clock
// sample). FfmpegCameraSource is the device's (an ffmpeg encoder); VirtualCameraSource replays a
// short clip on the TimeProvider for the emulator, `--camera virtual` and tests.
namespace BodyCamDevice.Firmware.Capture.Camera;

public interface ICameraSource : IAsyncDisposable
{
    /// <summary>The first keyframe of a run is in the pre-record buffer: video flows. Raised on the camera's own thread (a thread-pool or timer thread), never under a lock of the caller's.</summary>
    event Action? Started;

    /// <summary>A run ended without <see cref="StopAsync"/>, with the reason for the log. Raised on the camera's own thread.</summary>
    event Action<string>? Failed;

    /// <summary>PAT and PMT of the stream, once seen: a recording starts with them.</summary>
    ProgramTablePackets? ProgramTables { get; }

    /// <summary>The newest video frame's PTS and arrival time (UTC), to map trigger times into the stream and back.</summary>
    StreamClockSample? LatestVideo { get; }

    CameraSourceStatistics GetStatistics();

    /// <summary>Starts a run and returns once it is under way; throws <see cref="CameraStartException"/> for a cause that needs fixing first.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the current run, if any, and returns once it has ended.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Makes the camera that fills <paramref name="buffer"/>: its settings, the buffer, the watermark
/// to burn in (asked at every start: the clock may have been set since) and the clock it runs on.
/// The pipeline owns what it makes.
/// </summary>
public delegate ICameraSource CameraSourceFactory(CameraOptions options, PreRecordBuffer buffer, Func<Watermark> watermark, TimeProvider time);
