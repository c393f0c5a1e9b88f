// Where a device keeps what it writes when the configuration gives a relative path: the state
// directory, systemd's StateDirectory= ($STATE_DIRECTORY, /var/lib/bodycam with the unit in
// docs/device.md), unless --state-dir names another. Absolute paths are kept as written. The
// evidence store's connection file (connection.json) and the offload journals live there too.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware.Clock;
using BodyCamDevice.Firmware.Hardware.Rtc;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Dock;

namespace BodyCamDevice.Device.Configuration;

internal static class StatePaths
{
    public const string DefaultStateDirectory = "/var/lib/bodycam";

    /// <summary>--state-dir when given, else the first directory in $STATE_DIRECTORY, else /var/lib/bodycam.</summary>
    public static string StateDirectory(string? option, Func<string, string?> variable) =>
        Path.GetFullPath(!string.IsNullOrEmpty(option) ? option
            : variable("STATE_DIRECTORY") is { Length: > 0 } fromSystemd ? fromSystemd.Split(':')[0]
            : DefaultStateDirectory);

    /// <summary>Makes Audit.Path and Recording.Directory absolute, relative ones under <paramref name="stateDirectory"/>.</summary>
    public static void Resolve(DeviceOptions options, string stateDirectory)
    {
        options.Audit.Path = Path.GetFullPath(options.Audit.Path, stateDirectory);
        options.Recording.Directory = Path.GetFullPath(options.Recording.Directory, stateDirectory);
    }

    /// <summary>The installed connection (`bodycam connection set`), the offload journals (Offload.JournalDirectory) and the copy of the store's categories in <paramref name="stateDirectory"/>.</summary>
    /// <param name="clock">Sets the clock from the store's time at the dock; null: the device may not (a virtual device on a desktop).</param>
    /// <remarks>A device that sets its clock sets the RTC Rtc.KernelDevice names too, when one is fitted.</remarks>
    public static DockOffloadPorts EvidenceStore(DeviceOptions options, string stateDirectory, IClockSetter? clock) =>
        new(new InstalledConnection(stateDirectory).Path, Path.GetFullPath(options.Offload.JournalDirectory, stateDirectory), Clock: clock,
            CategoriesPath: Path.Combine(stateDirectory, Firmware.Offload.Categories.CategoryCatalogFile.FileName),
            Rtc: clock is not null && !string.IsNullOrEmpty(options.Rtc.KernelDevice) ? new LinuxRtcSetter(options.Rtc.KernelDevice) : null);
}
