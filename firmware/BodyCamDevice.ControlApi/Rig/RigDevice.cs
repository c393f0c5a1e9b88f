// Everything the control API reaches on one device: its controller, audit trail, inputs,
// outputs, environment and recordings directory, on one timeline. Built by the emulator (over
// the virtual device) or by the device's rig mode (over the real pins); owns none of them.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Recordings;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Battery;

namespace BodyCamDevice.ControlApi.Rig;

public sealed class RigDevice
{
    /// <param name="auditHistory">Entries the API can list; new ones arrive through <paramref name="auditTrail"/>.</param>
    /// <param name="environment">Null where battery, storage and camera cannot be simulated.</param>
    public RigDevice(
        DeviceController controller,
        AuditTrail auditTrail,
        MemoryAuditSink auditHistory,
        IRigInputs inputs,
        IRigOutputs outputs,
        IRigEnvironment? environment,
        RecordingsDirectory recordings,
        TimeProvider time)
    {
        Controller = controller;
        AuditTrail = auditTrail;
        AuditHistory = auditHistory;
        Inputs = inputs;
        Outputs = outputs;
        Environment = environment;
        Recordings = recordings;
        Timeline = new RigTimeline(time);
        Finger = new RigFinger(inputs, time);
        Pacer = new EdgePacer(inputs, time);
    }

    public DeviceController Controller { get; }
    public AuditTrail AuditTrail { get; }
    public MemoryAuditSink AuditHistory { get; }
    public IRigInputs Inputs { get; }
    public IRigOutputs Outputs { get; }
    public IRigEnvironment? Environment { get; }
    public RecordingsDirectory Recordings { get; }
    public RigTimeline Timeline { get; }
    public RigFinger Finger { get; }
    public EdgePacer Pacer { get; }

    /// <summary>
    /// The pre-record buffer's fill, once the capture pipeline reports it; until then null, and
    /// the status says so with "bufferFill": null.
    /// </summary>
    public Func<BufferFillView?> BufferFill { get; set; } = static () => null;

    /// <summary>
    /// The camera and its buffer, for GET /api/camera; null where the host serves that itself
    /// (the emulator, with its stills) or has no capture pipeline. Set before the server starts.
    /// </summary>
    public Func<CameraView>? Camera { get; set; }

    /// <summary>The camera's signing identity, for GET /api/identity; set before the server starts.</summary>
    public IdentityView? Identity { get; set; }

    /// <summary>The battery monitor on a device with a fuel gauge (the status shows its reading); null without one.</summary>
    public BatteryMonitor? Battery { get; set; }
}
