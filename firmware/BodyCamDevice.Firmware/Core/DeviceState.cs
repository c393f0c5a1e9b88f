namespace BodyCamDevice.Firmware.Core;

public enum DeviceState
{
    /// <summary>Power on or undocked: camera starting, pre-record buffer not yet running.</summary>
    Booting,

    /// <summary>Ready: pre-record buffer running, nothing written.</summary>
    Buffering,

    /// <summary>Triggered: the pipeline is writing the pre-roll; not yet confirmed flowing.</summary>
    Starting,

    /// <summary>Recording bytes are flowing to storage.</summary>
    Recording,

    /// <summary>Stop requested: the pipeline is sealing the recording.</summary>
    Stopping,

    /// <summary>In the dock: camera off, offload and charging.</summary>
    Docked,

    /// <summary>Camera or storage failed; the pipeline is recovering.</summary>
    Fault,
}

public enum DeviceTrigger
{
    BufferingStarted,
    StartRequested,
    RecordingStarted,
    StopRequested,
    RecordingStopped,
    DockInserted,
    DockRemoved,
    Faulted,
    Recovered,
}

/// <summary>The device's logical inputs; pin adapters translate active levels into these.</summary>
public enum DeviceInput
{
    RecordButton,
    FunctionButton,
    DockDetect,
    ExternalTrigger,
}
