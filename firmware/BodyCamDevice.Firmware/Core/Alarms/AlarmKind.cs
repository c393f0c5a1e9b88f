namespace BodyCamDevice.Firmware.Core.Alarms;

/// <summary>Conditions that sound a repeating alarm for as long as they last.</summary>
public enum AlarmKind
{
    StorageFull,
    LowBattery,
    ClockNotSet,
    CameraFault,
}
