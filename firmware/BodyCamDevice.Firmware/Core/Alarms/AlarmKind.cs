namespace BodyCamDevice.Firmware.Core.Alarms;

/// <summary>Conditions that sound a repeating alarm for as long as they last.</summary>
public enum AlarmKind
{
    StorageFull,
    LowBattery,
    ClockNotSet,
    CameraFault,

    /// <summary>The recording writer failed (card removed, read-only, I/O error): fault code 3.</summary>
    StorageFault,

    /// <summary>The firmware itself failed: fault code 4.</summary>
    InternalFault,
}
