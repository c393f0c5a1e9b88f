// EMULATOR-ONLY. Passes every call through to the real capture pipeline and lets the emulator see
// the reports on their way to the controller: when the camera comes back after a fault, the
// virtual environment stops saying "camera faulted".
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Emulator.Capture;

internal sealed class ObservedCapturePipeline(CapturePipeline inner) : IRecordingPipeline
{
    public CapturePipeline Inner => inner;

    /// <summary>Raised (on the camera's supervisor thread) when video flows again after a fault.</summary>
    public event Action? Recovered;

    public void Attach(IRecordingPipelineObserver observer) => inner.Attach(new Interceptor(this, observer));

    public void StartBuffering() => inner.StartBuffering();

    public void StopBuffering() => inner.StopBuffering();

    public void StartRecording(RecordingStartRequest request) => inner.StartRecording(request);

    public void AddMarker(RecordingMarker marker) => inner.AddMarker(marker);

    public void AddTrackPoint(LocationSample point) => inner.AddTrackPoint(point);

    public void StopRecording(RecordingStopRequest request) => inner.StopRecording(request);

    private sealed class Interceptor(ObservedCapturePipeline owner, IRecordingPipelineObserver observer) : IRecordingPipelineObserver
    {
        public void BufferingStarted() => observer.BufferingStarted();

        public void RecordingStarted(string recordingId) => observer.RecordingStarted(recordingId);

        public void RecordingStopped(string recordingId) => observer.RecordingStopped(recordingId);

        public void Faulted(FaultCode code, string detail) => observer.Faulted(code, detail);

        public void Recovered()
        {
            observer.Recovered();
            owner.Recovered?.Invoke();
        }

        public void ConditionChanged(AlarmKind kind, bool active) => observer.ConditionChanged(kind, active);
    }
}
