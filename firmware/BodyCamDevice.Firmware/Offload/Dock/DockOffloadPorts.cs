// Where a docked camera reaches its evidence store: the connection file in use (the state
// directory's connection.json that `bodycam connection set` installs, or the file the emulator is
// given with --connection), the directory of the per-recording offload journals, the camera's copy
// of the store's categories, and the clock the dock may set from the store's time, with the
// real-time clock when one is fitted.
using BodyCamDevice.Firmware.Hardware.Clock;
using BodyCamDevice.Firmware.Hardware.Rtc;

namespace BodyCamDevice.Firmware.Offload.Dock;

/// <param name="ConnectionPath">Read at every dock, so a connection installed meanwhile is used at the next one.</param>
/// <param name="JournalDirectory">Absolute; created when missing.</param>
/// <param name="SigningKeyPem">The camera's public signing key (Devices/&lt;serial&gt;); null while it has none.</param>
/// <param name="Clock">Sets the device's clock after SNTP at the dock; null: the device may not.</param>
/// <param name="NtpPort">The store host's NTP port (123; another in tests).</param>
/// <param name="CategoriesPath">The camera's copy of the store's categories (CategoryCatalogFile); null: store-categories.json beside the journal directory.</param>
/// <param name="Rtc">The fitted RTC, set after the clock was; null: none fitted (Rtc.KernelDevice empty) or the clock is never set.</param>
public sealed record DockOffloadPorts(string ConnectionPath, string JournalDirectory, string? SigningKeyPem = null, IClockSetter? Clock = null, int NtpPort = 123, string? CategoriesPath = null, IRtcSetter? Rtc = null)
{
    public string CategoryCatalogPath => CategoriesPath
        ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(JournalDirectory))!, Categories.CategoryCatalogFile.FileName);
}
