namespace BodyCamDevice.Emulator;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A scenario (or the demo) ran and an expectation failed.</summary>
    public const int ScenarioFailed = 1;

    /// <summary>Bad command line, configuration or scenario file, or the port is taken.</summary>
    public const int Usage = 2;

    /// <summary>The capture bench could not buffer, record or find its clip and manifest.</summary>
    public const int CaptureFailed = 3;
}
