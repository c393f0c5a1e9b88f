// A configuration that passed DeviceOptionsValidator, frozen: From validates what it is given and
// keeps a deep copy of it (made through the same source-generated JSON the configuration file is
// read with), so nothing the caller changes afterwards reaches the device, and what the device runs
// is exactly what was checked. The device's parts take this type, not DeviceOptions, so none of them needs to
// validate again. Read-only by convention: the parts read Value and never write it.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class ValidatedDeviceOptions
{
    private ValidatedDeviceOptions(DeviceOptions value)
    {
        Value = value;
    }

    /// <summary>The checked copy; read it, never change it.</summary>
    public DeviceOptions Value { get; }

    /// <summary>Validates <paramref name="options"/> and keeps a copy; throws <see cref="InvalidConfigurationException"/> naming every bad field.</summary>
    public static ValidatedDeviceOptions From(DeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DeviceOptionsValidator.ThrowIfInvalid(options);
        return new ValidatedDeviceOptions(DeviceOptionsJson.Copy(options));
    }
}
