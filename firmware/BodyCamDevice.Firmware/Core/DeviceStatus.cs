using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Offload;

namespace BodyCamDevice.Firmware.Core;

/// <summary>An immutable snapshot of what the device is doing, safe to read from any thread.</summary>
public sealed record DeviceStatus(
    DeviceState State,
    bool Stealth,
    LightMode LightMode,
    bool Docked,
    IReadOnlyList<AlarmKind> Alarms,
    string? RecordingId,
    int MarkerCount,
    DockOffloadStatus? Offload = null);
