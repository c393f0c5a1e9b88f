namespace BodyCamDevice.Emulator;

internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The scripted demo ran but the device did not do what it should have.</summary>
    public const int DemoFailed = 1;

    /// <summary>Bad command line or invalid configuration file.</summary>
    public const int Usage = 2;
}
