// A camera source the test drives by hand, for the supervisor's tests: it records when it was
// started and raises Started or Failed when told to; it delivers no frames. Events are raised
// synchronously on the test's thread.
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

internal sealed class FakeCameraSource(TimeProvider time) : ICameraSource
{
    public event Action? Started;

    public event Action<string>? Failed;

    public List<DateTimeOffset> StartTimes { get; } = [];

    public int StopCount { get; private set; }

    public ProgramTablePackets? ProgramTables => null;

    public StreamClockSample? LatestVideo => null;

    public CameraSourceStatistics GetStatistics() => default;

    public ValueTask DisposeAsync() => new(StopAsync());

    public bool IsRunning { get; private set; }

    // Thrown by every StartAsync while set.
    public Exception? StartException { get; set; }

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        StartTimes.Add(time.GetUtcNow());
        if (StartException is { } exception)
        {
            return Task.FromException(exception);
        }

        IsRunning = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        StopCount++;
        IsRunning = false;
        return Task.CompletedTask;
    }

    public void DeliverVideo() => Started?.Invoke();

    public void Fail(string reason)
    {
        IsRunning = false;
        Failed?.Invoke(reason);
    }
}
