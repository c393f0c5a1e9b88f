namespace BodyCamDevice.ControlApi.Rig;

/// <summary>What the virtual real-time clock chip does.</summary>
public enum RtcChipState
{
    /// <summary>Runs and holds a time (by default the emulator's clock).</summary>
    Running,

    /// <summary>Lost its power: oscillator-stopped flag set, time back at 2000-01-01.</summary>
    Stopped,

    /// <summary>Does not answer on the bus.</summary>
    Missing,

    /// <summary>Answers with registers that are no valid date.</summary>
    Corrupt,
}
