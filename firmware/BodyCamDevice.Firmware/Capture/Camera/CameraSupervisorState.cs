namespace BodyCamDevice.Firmware.Capture.Camera;

public enum CameraSupervisorState
{
    /// <summary>Not started, or stopped on request.</summary>
    Stopped,

    /// <summary>A run was started and its first keyframe has not arrived yet.</summary>
    Starting,

    /// <summary>Video is flowing into the pre-record buffer.</summary>
    Running,

    /// <summary>The camera failed; a restart is scheduled after the back-off delay.</summary>
    WaitingToRestart,
}
