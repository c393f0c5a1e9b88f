// The device's states and the only transitions between them, on the Stateless library so the
// diagram in docs/ is exported from this very configuration. The machine does no I/O: the
// controller reacts to its transitions. Triggers that a state does not accept are reported to
// the controller (and audit-logged), never thrown.
using Stateless;
using Stateless.Graph;

namespace BodyCamDevice.Firmware.Core;

public sealed class DeviceStateMachine
{
    private readonly StateMachine<DeviceState, DeviceTrigger> _machine;

    /// <param name="isDocked">Whether the dock-detect input says the camera sits in its dock.</param>
    /// <param name="isStartPending">Whether a start was requested while the last recording was sealing.</param>
    public DeviceStateMachine(Func<bool> isDocked, Func<bool> isStartPending)
    {
        _machine = new StateMachine<DeviceState, DeviceTrigger>(DeviceState.Booting);

        _machine.Configure(DeviceState.Booting)
            .Permit(DeviceTrigger.BufferingStarted, DeviceState.Buffering)
            .Permit(DeviceTrigger.DockInserted, DeviceState.Docked)
            .Permit(DeviceTrigger.Faulted, DeviceState.Fault);

        _machine.Configure(DeviceState.Buffering)
            .Permit(DeviceTrigger.StartRequested, DeviceState.Starting)
            .Permit(DeviceTrigger.DockInserted, DeviceState.Docked)
            .Permit(DeviceTrigger.Faulted, DeviceState.Fault)
            .Ignore(DeviceTrigger.BufferingStarted);

        // Docking never ends a recording: a bumped dock contact must not cut evidence short.
        // A recording can also end before its first byte reached storage (storage already full).
        _machine.Configure(DeviceState.Starting)
            .Permit(DeviceTrigger.RecordingStarted, DeviceState.Recording)
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Docked, isDocked, "docked")
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Buffering, () => !isDocked(), "not docked")
            .Permit(DeviceTrigger.Faulted, DeviceState.Fault)
            .Ignore(DeviceTrigger.BufferingStarted);

        // The pipeline may end a recording itself (storage full): it has already sealed it.
        _machine.Configure(DeviceState.Recording)
            .Permit(DeviceTrigger.StopRequested, DeviceState.Stopping)
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Docked, isDocked, "docked")
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Buffering, () => !isDocked(), "not docked")
            .Permit(DeviceTrigger.Faulted, DeviceState.Fault)
            .Ignore(DeviceTrigger.RecordingStarted);

        _machine.Configure(DeviceState.Stopping)
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Docked, isDocked, "docked")
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Starting, () => !isDocked() && isStartPending(), "start pending")
            .PermitIf(DeviceTrigger.RecordingStopped, DeviceState.Buffering, () => !isDocked() && !isStartPending(), "not docked, no start pending")
            .Permit(DeviceTrigger.Faulted, DeviceState.Fault);

        // A recording that was waiting for a failed camera ends when the device is docked.
        _machine.Configure(DeviceState.Docked)
            .Permit(DeviceTrigger.DockRemoved, DeviceState.Booting)
            .Ignore(DeviceTrigger.RecordingStopped)
            .Ignore(DeviceTrigger.BufferingStarted)
            .Ignore(DeviceTrigger.DockInserted);

        // A pipeline that restarts its camera mid-recording resumes the recording (RecordingStarted).
        // A recording held to a stop during the outage ends there (RecordingStopped); the device
        // stays in Fault until the camera is back.
        _machine.Configure(DeviceState.Fault)
            .Permit(DeviceTrigger.Recovered, DeviceState.Buffering)
            .Permit(DeviceTrigger.RecordingStarted, DeviceState.Recording)
            .Permit(DeviceTrigger.DockInserted, DeviceState.Docked)
            .Ignore(DeviceTrigger.RecordingStopped)
            .Ignore(DeviceTrigger.Faulted);

        _machine.OnUnhandledTrigger((state, trigger) => Unhandled?.Invoke(state, trigger));
        _machine.OnTransitioned(transition => Transitioned?.Invoke(transition.Source, transition.Destination, transition.Trigger));
    }

    public DeviceState State => _machine.State;

    /// <summary>(from, to, trigger), raised after the state changed.</summary>
    public event Action<DeviceState, DeviceState, DeviceTrigger>? Transitioned;

    /// <summary>A trigger the current state does not accept (it is then ignored).</summary>
    public event Action<DeviceState, DeviceTrigger>? Unhandled;

    public bool CanFire(DeviceTrigger trigger) => _machine.CanFire(trigger);

    public void Fire(DeviceTrigger trigger) => _machine.Fire(trigger);

    /// <summary>The state diagram as Mermaid source, generated from the configuration above.</summary>
    public string ToMermaid() => MermaidGraph.Format(_machine.GetInfo());
}
