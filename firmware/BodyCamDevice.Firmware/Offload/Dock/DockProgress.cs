// The dock's offload status as it goes: built from the session's observer calls (on the upload's
// connections, hence the lock) and reported to the controller, which shows it. Byte progress is
// reported at most every ReportInterval per object (an object's every block would flood the
// loop); a stored object, a finished recording and a phase change are reported at once.
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Offload;

namespace BodyCamDevice.Firmware.Offload.Dock;

internal sealed class DockProgress(DeviceController controller, long dock, TimeProvider time) : IOffloadObserver
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly List<ObjectUploadProgress> _objects = [];
    private readonly List<string> _notTransferred = [];
    private readonly List<string> _kept = [];
    private DockOffloadPhase _phase = DockOffloadPhase.Uploading;
    private string? _reason;
    private int _total;
    private int _confirmed;
    private long _lastReport;

    public void Begin(int recordings)
    {
        lock (_gate)
        {
            _total = recordings;
        }

        Report();
    }

    public void Fail(string reason)
    {
        lock (_gate)
        {
            _phase = DockOffloadPhase.Failing;
            _reason = reason;
        }

        Report();
    }

    /// <summary>Files of confirmed recordings that were not deleted (and why): the dock is then failing.</summary>
    public void Kept(IReadOnlyList<string> kept)
    {
        lock (_gate)
        {
            _kept.AddRange(kept);
        }
    }

    public void Finish(OffloadReport report)
    {
        lock (_gate)
        {
            if (_kept.Count > 0)
            {
                _phase = DockOffloadPhase.Failing;
                _reason = $"{_kept.Count} confirmed file(s) kept: " + string.Join("; ", _kept);
            }
            else if (report.Outcome == OffloadOutcome.Completed && report.Recordings.All(result => result.Outcome is RecordingOffloadOutcome.Confirmed or RecordingOffloadOutcome.NotTransferred))
            {
                _phase = DockOffloadPhase.Done;
                _reason = _notTransferred.Count > 0 ? $"{_notTransferred.Count} recording(s) not transferred: the store refused them" : null;
            }
            else
            {
                _phase = DockOffloadPhase.Failing;
                _reason = report.Outcome == OffloadOutcome.Completed
                    ? string.Join("; ", report.Recordings.Where(result => result.Outcome == RecordingOffloadOutcome.Interrupted).Select(result => $"{result.RecordingId}: {result.Reason}"))
                    : $"{report.Outcome}: {report.Reason}";
            }
        }

        Report();
    }

    public void ObjectProgress(string recordingId, string objectName, long sent, long total)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            Set(new ObjectUploadProgress(recordingId, objectName, sent, total, Stored: false));
            if (time.GetElapsedTime(_lastReport, now) < ReportInterval && sent < total)
            {
                return;
            }

            _lastReport = now;
        }

        Report();
    }

    public void ObjectStored(string recordingId, string container, string objectName, long size)
    {
        lock (_gate)
        {
            Set(new ObjectUploadProgress(recordingId, objectName, size, size, Stored: true));
        }

        Report();
    }

    public void Retrying(string failure, TimeSpan delay, int attempt) =>
        controller.AuditOffload("offload-retry", ("failure", failure), ("delaySeconds", delay.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)), ("attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void Resending(string recordingId, string objectName, int resend, string reason) =>
        controller.AuditOffload("offload-resend", ("recording", recordingId), ("object", objectName), ("resend", resend.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("reason", reason));

    public void RecordingFinished(RecordingOffloadResult result)
    {
        lock (_gate)
        {
            if (result.Outcome == RecordingOffloadOutcome.Confirmed)
            {
                _confirmed++;
            }
            else if (result.Outcome == RecordingOffloadOutcome.NotTransferred)
            {
                _notTransferred.Add(result.RecordingId);
            }
        }

        Report();
    }

    private void Set(ObjectUploadProgress progress)
    {
        var index = _objects.FindIndex(item => item.RecordingId == progress.RecordingId && item.Name == progress.Name);
        if (index < 0)
        {
            _objects.Add(progress);
        }
        else
        {
            _objects[index] = progress;
        }
    }

    // Posted under the lock, so the loop gets the snapshots in the order they were taken.
    private void Report()
    {
        lock (_gate)
        {
            controller.ReportOffload(dock, new DockOffloadStatus(_phase, _reason, _total, _confirmed, [.. _notTransferred], [.. _objects]));
        }
    }
}
