// The version written into every manifest ("bodycam 0.1.0+<commit>") and printed by --version.
using System.Reflection;

namespace BodyCamDevice.Device;

internal static class FirmwareVersion
{
    public static string Text { get; } =
        "bodycam " + (typeof(FirmwareVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev");
}
