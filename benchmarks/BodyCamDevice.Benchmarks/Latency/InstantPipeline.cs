// A recording pipeline that confirms everything at once, on the caller's thread: buffering when
// asked, a recording started the moment it is asked for and stopped likewise. The latency bench
// measures the firmware's own path from pin edge to LED pin; the capture pipeline's time to get
// footage on storage is `./dev bench recording`'s.
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Benchmarks.Latency;

internal sealed class InstantPipeline : IRecordingPipeline
{
    private IRecordingPipelineObserver? _observer;
    private int _recordings;

    public void Attach(IRecordingPipelineObserver observer) => _observer = observer;

    public void StartBuffering() => _observer?.BufferingStarted();

    public void StopBuffering()
    {
    }

    public void StartRecording(RecordingStartRequest request) => _observer?.RecordingStarted($"BENCH-{Interlocked.Increment(ref _recordings):D6}");

    public void AddMarker(RecordingMarker marker)
    {
    }

    public void StopRecording(RecordingStopRequest request) => _observer?.RecordingStopped($"BENCH-{_recordings:D6}");
}
