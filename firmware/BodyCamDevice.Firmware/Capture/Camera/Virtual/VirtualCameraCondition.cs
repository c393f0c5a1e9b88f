namespace BodyCamDevice.Firmware.Capture.Camera.Virtual;

public enum VirtualCameraCondition
{
    /// <summary>Delivering frames.</summary>
    Working,

    /// <summary>Told to fail: the run ended, and later runs deliver nothing.</summary>
    Failed,

    /// <summary>Told to stall: runs deliver nothing, without ending by themselves.</summary>
    Stalled,
}
