// CapturePipeline, part two: the reports coming back from the camera's supervisor and from the
// recording writer, turned into what the device hears (buffering, started, stopped, fault,
// recovered, storage). Camera reports arrive on the camera's and the supervisor's threads, the
// writer's on its task; _lock guards what they share with the device loop's calls.
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture;

public sealed partial class CapturePipeline
{
    private void OnCameraStarted()
    {
        if (_buffering)
        {
            _observer?.BufferingStarted();
        }
    }

    private void OnCameraFaulted(string reason)
    {
        // The recording seals the clip it has (nothing is lost) and waits for the camera; the
        // device shows the fault until a clip after that one reaches storage.
        lock (_lock)
        {
            if (_session is { } session)
            {
                _resumeAfterClip = _lastDurableClip;
                session.CameraLost(_time.GetUtcNow());
            }
        }

        _observer?.Faulted(FaultCode.Camera, reason);
    }

    private void OnCameraRecovered()
    {
        lock (_lock)
        {
            if (_resumeAfterClip is not null && _session is not null)
            {
                // The recording reports itself once the camera's frames are on storage again.
                return;
            }

            _resumeAfterClip = null;
        }

        _observer?.Recovered();
    }

    private void OnDurable(string recordingId, int clipIndex)
    {
        lock (_lock)
        {
            if (_session is null || _session.RecordingId != recordingId)
            {
                return;
            }

            _lastDurableClip = Math.Max(_lastDurableClip, clipIndex);
            if (_resumeAfterClip is { } before)
            {
                if (clipIndex <= before)
                {
                    return;
                }

                // The camera is back and the recording goes on: the device leaves its fault.
                _resumeAfterClip = null;
            }
            else if (_startedId == recordingId)
            {
                return;
            }

            _startedId = recordingId;
        }

        // The red LED starts blinking only now: recording bytes are on storage.
        _observer?.RecordingStarted(recordingId);
    }

    private void OnEnded(WriterObserver source, RecordingResult result)
    {
        lock (_lock)
        {
            _ending++;
            if (_session is not null && _session == source.Session)
            {
                _session = null;
                _lastDurableClip = 0;

                // Ended while waiting for the camera (docked): its recovery is then just that.
                _resumeAfterClip = null;
            }
        }

        try
        {
            if (result.Outcome == RecordingOutcome.Faulted || result.RecordingId is null)
            {
                _observer?.Faulted(FaultCode.Storage, result.Fault?.Message ?? "the recording writer failed");
                _observer?.Recovered();
                return;
            }

            _observer?.RecordingStopped(result.RecordingId);
        }
        finally
        {
            lock (_lock)
            {
                _ending--;
            }

            Progressed();
        }
    }

    // One per recording: the session's reports, told apart from a later recording's.
    private sealed class WriterObserver(CapturePipeline pipeline) : IRecordingObserver
    {
        // Set under the pipeline's lock right after the session starts; its reports take that lock first.
        public RecordingSession? Session { get; set; }

        // Footage, not just the init segment: the header is on storage before the clip's first
        // fragment is complete, which with a short pre-roll is up to one GOP later.
        public void Durable(string recordingId, int clipIndex, DurableProgress progress)
        {
            if (progress.Fragments > 0)
            {
                pipeline.OnDurable(recordingId, clipIndex);
            }
        }

        public void StorageChanged(StorageLevel level, StorageSpace space) =>
            pipeline._observer?.ConditionChanged(AlarmKind.StorageFull, level != StorageLevel.Ok);

        public void Ended(RecordingResult result) => pipeline.OnEnded(this, result);

        public void Waiting() => pipeline.Progressed();
    }
}
