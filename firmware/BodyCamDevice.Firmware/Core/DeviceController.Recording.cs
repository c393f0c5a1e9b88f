// DeviceController, part two: starting and stopping recordings, markers, stealth, what each
// state shows, and the reports coming back from the recording pipeline.
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Core;

public sealed partial class DeviceController
{
    private bool TryStart(TriggerSource source)
    {
        var now = _loop.Time.GetUtcNow();
        switch (_machine.State)
        {
            case DeviceState.Buffering:
                _startRequest = new RecordingStartRequest(source, now) { Location = _location?.Sample() };
                _audit.Record("recording-start-requested", ("source", source.ToString()));
                _machine.Fire(DeviceTrigger.StartRequested);
                return true;
            case DeviceState.Stopping when !_docked:
                // Re-triggered while the last recording is sealing: start as soon as it is sealed.
                _startPending = true;
                _startRequest = new RecordingStartRequest(source, now) { Location = _location?.Sample() };
                _audit.Record("recording-start-requested", ("source", source.ToString()), ("pending", "sealing previous recording"));
                return true;
            default:
                return false;
        }
    }

    private bool TryStop(StopReason reason)
    {
        switch (_machine.State)
        {
            case DeviceState.Recording:
                _audit.Record("recording-stop-requested", ("reason", reason.ToString()), ("recording", _recordingId ?? ""));
                _stopRequest = new RecordingStopRequest(reason, _loop.Time.GetUtcNow()) { Location = _location?.Sample() };
                _machine.Fire(DeviceTrigger.StopRequested);
                return true;
            case DeviceState.Starting:
                // The camera has not confirmed yet; stop the moment it does.
                _stopPending = true;
                _stopRequest = new RecordingStopRequest(reason, _loop.Time.GetUtcNow()) { Location = _location?.Sample() };
                _audit.Record("recording-stop-requested", ("reason", reason.ToString()), ("pending", "recording not yet flowing"));
                return true;
            case DeviceState.Fault when _recordingId is not null:
                // The camera failed mid-recording and the recording waits for it, its clip so far
                // sealed. The officer can still end it, as docking would: the clips it has are
                // the recording. The device stays in Fault until the camera is back.
                _audit.Record("recording-stop-requested", ("reason", reason.ToString()), ("recording", _recordingId), ("while", "camera fault"));
                _stopRequest = new RecordingStopRequest(reason, _loop.Time.GetUtcNow()) { Location = _location?.Sample() };
                _tones.Play(_tonePatterns.RecordingStopped);
                _pipeline.StopRecording(_stopRequest);
                return true;
            default:
                return false;
        }
    }

    private bool TryMarker(string source)
    {
        if (_machine.State != DeviceState.Recording)
        {
            return false;
        }

        _markerCount++;
        var marker = new RecordingMarker(_loop.Time.GetUtcNow(), source);
        _pipeline.AddMarker(marker);
        _audit.Record("marker", ("recording", _recordingId ?? ""), ("source", source), ("number", _markerCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _tones.Play(_tonePatterns.Marker);
        PublishStatus();
        return true;
    }

    private bool ToggleStealth()
    {
        if (!_options.Stealth.Allowed)
        {
            _audit.Record("stealth", ("result", "refused by policy"));
            return false;
        }

        _stealth = !_stealth;
        _audit.Record("stealth", ("result", _stealth ? "on" : "off"), ("state", _machine.State.ToString()));
        _tones.SetMuted(_stealth);
        ApplyBrightness();
        PublishStatus();
        return true;
    }

    // Field overrides (stealth, light mode) last until the next dock, then policy defaults return.
    private void RevertOverridesAtDock()
    {
        if (_stealth)
        {
            _stealth = false;
            _tones.SetMuted(false);
            _audit.Record("stealth", ("result", "off"), ("reason", "docked"));
        }

        if (_lightMode != _options.Lights.Mode)
        {
            _lightMode = _options.Lights.Mode;
            _audit.Record("light-mode", ("mode", _lightMode.ToString()), ("reason", "docked"));
        }
    }

    private void OnTransitioned(DeviceState from, DeviceState to, DeviceTrigger trigger)
    {
        _audit.Record("state", ("from", from.ToString()), ("to", to.ToString()), ("trigger", trigger.ToString()));
        if (from == DeviceState.Recording)
        {
            _reminder?.Cancel();
            _reminder = null;
            _location?.StopTrack();
        }

        if (to == DeviceState.Recording)
        {
            _location?.StartTrack(_pipeline.AddTrackPoint);
        }

        OnDockedChanged(from, to);

        switch (to)
        {
            case DeviceState.Booting:
                _pipeline.StartBuffering();
                break;
            case DeviceState.Starting:
                _startPending = false;
                _pipeline.StartRecording(_startRequest!);
                break;
            case DeviceState.Recording when from != DeviceState.Fault || _recordingId is null:
                _markerCount = 0;
                _tones.Play(_tonePatterns.RecordingStarted);
                _reminderDue = _loop.Time.GetTimestamp();
                ScheduleReminder();
                break;
            case DeviceState.Recording:
                ScheduleReminder();
                break;
            case DeviceState.Stopping:
                _tones.Play(_tonePatterns.RecordingStopped);
                _pipeline.StopRecording(_stopRequest!);
                break;
            case DeviceState.Docked:
                _pipeline.StopBuffering();
                RememberLastRecording(null);
                RevertOverridesAtDock();
                break;
        }

        ShowState(to);
        PublishStatus();
        StartDockOffload(from, to);
    }

    private void ScheduleReminder()
    {
        // Due times advance from the recording's start, so reminders never drift.
        var interval = _options.Tones.RecordingReminderInterval;
        _reminderDue += (long)(interval.TotalSeconds * _loop.Time.TimestampFrequency);
        var delay = _loop.Time.GetElapsedTime(_loop.Time.GetTimestamp(), _reminderDue);
        _reminder = _loop.ScheduleAfter(delay, () =>
        {
            _tones.Play(_tonePatterns.RecordingReminder);
            _audit.Record("reminder", ("recording", _recordingId ?? ""));
            ScheduleReminder();
        });
    }

    private void ShowState(DeviceState state)
    {
        _redLight.Play(_indicatorPatterns.RecordIndicator(state));
        _greenLight.Play(_indicatorPatterns.StatusLed(state, _fault, _offload.Phase));
        ApplyBrightness();
    }

    private void ApplyBrightness()
    {
        var brightness = _indicatorPatterns.Brightness(_lightMode, _stealth);
        _redLight.SetBrightness(brightness);
        _greenLight.SetBrightness(brightness);
    }

    private void PublishStatus()
    {
        _status = BuildStatus();
        StatusChanged?.Invoke(_status);
    }

    private DeviceStatus BuildStatus() => new(
        _machine.State,
        _stealth,
        _lightMode,
        _docked,
        _alarms.Active.OrderBy(kind => kind).ToArray(),
        _recordingId,
        _markerCount,
        _offload);

    // Reports from the pipeline arrive on its threads; each is posted to the loop.
    private sealed class PipelineObserver(DeviceController controller) : IRecordingPipelineObserver
    {
        private DeviceEventLoop Loop => controller._loop;

        public void BufferingStarted() => Loop.Post(() => controller._machine.Fire(DeviceTrigger.BufferingStarted));

        public void RecordingStarted(string recordingId) => Loop.Post(() => controller.OnRecordingStarted(recordingId));

        public void RecordingStopped(string recordingId) => Loop.Post(() => controller.OnRecordingStopped(recordingId));

        public void Faulted(FaultCode code, string detail) => Loop.Post(() => controller.OnFaulted(code, detail));

        public void Recovered() => Loop.Post(controller.OnRecovered);

        public void ConditionChanged(AlarmKind kind, bool active) => Loop.Post(() => controller._alarms.Set(kind, active));
    }

    private void OnRecordingStarted(string recordingId)
    {
        if (_machine.State == DeviceState.Fault)
        {
            // The pipeline brought the camera back and carried on recording in a new clip.
            _audit.Record("recovered", ("fault", _fault?.ToString() ?? ""), ("recording", recordingId));
            _fault = null;
            _alarms.SetFault(null);
        }

        _recordingId = recordingId;
        _audit.Record("recording-started", ("recording", recordingId));
        _machine.Fire(DeviceTrigger.RecordingStarted);
        if (_stopPending && _machine.State == DeviceState.Recording)
        {
            _stopPending = false;
            _machine.Fire(DeviceTrigger.StopRequested);
        }
    }

    private void OnRecordingStopped(string recordingId)
    {
        _audit.Record("recording-stopped", ("recording", recordingId));
        if (_machine.State == DeviceState.Recording)
        {
            // Ended by the pipeline, not by a person: they still get the stop tone.
            _tones.Play(_tonePatterns.RecordingStopped);
        }

        _recordingId = null;
        RememberLastRecording(recordingId);
        var before = _machine.State;
        _machine.Fire(DeviceTrigger.RecordingStopped);
        if (_machine.State == before)
        {
            // Ended during a camera outage: still Fault, but no longer recording.
            PublishStatus();
        }
    }

    private void OnFaulted(FaultCode code, string detail)
    {
        _fault = code;
        _audit.Record("fault", ("code", code.ToString()), ("detail", detail), ("state", _machine.State.ToString()));
        _alarms.SetFault(code);
        _startPending = false;
        _stopPending = false;
        _machine.Fire(DeviceTrigger.Faulted);
    }

    private void OnRecovered()
    {
        _audit.Record("recovered", ("fault", _fault?.ToString() ?? ""));
        _fault = null;
        _alarms.SetFault(null);
        _recordingId = null;
        _machine.Fire(DeviceTrigger.Recovered);
    }
}
