// What `bodycam` exits with; scripts and systemd (RestartPreventExitStatus=) tell failures apart
// by it. docs/device.md lists them.
namespace BodyCamDevice.Device;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A check failed: a self-test check, or a clip whose hash does not match its manifest.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad command line, or rig mode without a usable token.</summary>
    public const int Usage = 2;

    /// <summary>The configuration file is missing, unreadable or invalid; no pin was opened.</summary>
    public const int InvalidConfiguration = 3;

    /// <summary>The GPIO chip or a PWM channel cannot be opened.</summary>
    public const int HardwareUnavailable = 4;

    /// <summary>`verify`: the clip has no manifest beside it.</summary>
    public const int ManifestMissing = 5;

    /// <summary>`verify`, `recordings list`: the clip, manifest or directory cannot be read.</summary>
    public const int Unreadable = 6;

    /// <summary>`run`: the device stopped with an error after it had started (see the journal).</summary>
    public const int RuntimeFailure = 7;

    /// <summary>The device identity (its signing key) or the manifest chain state cannot be read or made; nothing was recorded.</summary>
    public const int EvidenceStateUnusable = 8;

    /// <summary>`store`: the evidence store refused the request or could not be reached.</summary>
    public const int StoreFailure = 9;
}
