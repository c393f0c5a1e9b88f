// DeviceController, part three: the offload while docked. Entering Docked starts the offload
// adapter (IDockOffload), leaving it stops it. The adapter works off the loop and reports here:
// its status is kept for the control API, each phase change is audited and shown on the green LED
// (IndicatorPatterns.Docked). No I/O here, as in the rest of the controller.
using BodyCamDevice.Firmware.Core.Offload;

namespace BodyCamDevice.Firmware.Core;

public sealed partial class DeviceController
{
    private IDockOffload? _dockOffload;
    private long _dockNumber;
    private DockOffloadStatus _offload = DockOffloadStatus.Idle;

    /// <summary>Gives the controller its offload adapter; before <see cref="Start"/>, once.</summary>
    public void AttachDockOffload(IDockOffload offload) => _loop.Post(() => _dockOffload = offload);

    /// <summary>The offload's latest status for dock <paramref name="dock"/>; from any thread.</summary>
    public void ReportOffload(long dock, DockOffloadStatus status) => _loop.Post(() =>
    {
        if (dock != _dockNumber || _machine.State != DeviceState.Docked)
        {
            return; // from a dock that has ended
        }

        var phaseChanged = status.Phase != _offload.Phase || status.Reason != _offload.Reason;
        _offload = status;
        if (phaseChanged)
        {
            _audit.Record("offload", ("phase", status.Phase.ToString()), ("reason", status.Reason ?? ""),
                ("recordings", Number(status.RecordingsTotal)), ("confirmed", Number(status.RecordingsConfirmed)),
                ("notTransferred", string.Join(' ', status.NotTransferred)));
            ShowState(_machine.State);
        }

        PublishStatus();
    });

    /// <summary>An audit entry from the offload (a deletion, a confirmation, a retry); from any thread.</summary>
    public void AuditOffload(string kind, params (string Key, string Value)[] details) => _loop.Post(() => _audit.Record(kind, details));

    private void OnDockedChanged(DeviceState from, DeviceState to)
    {
        if (to == DeviceState.Docked && from != DeviceState.Docked)
        {
            _dockNumber++;
            _offload = DockOffloadStatus.Idle;
        }
        else if (from == DeviceState.Docked && to != DeviceState.Docked)
        {
            _dockOffload?.Stop();
            _offload = DockOffloadStatus.Idle;
        }
    }

    // Called once the transition into Docked has published its status: the offload reads that
    // status from its own task (which recording is being written: none once docked), and a status
    // from before the transition would name the recording just stopped, leaving it out of the dock.
    private void StartDockOffload(DeviceState from, DeviceState to)
    {
        if (to == DeviceState.Docked && from != DeviceState.Docked)
        {
            _dockOffload?.Start(_dockNumber);
        }
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
