namespace BodyCamDevice.Firmware.Core.Battery;

/// <summary>
/// One read of the fuel gauge: the charge in percent (0..100) and the battery voltage it came
/// from, or <see cref="Error"/> when the gauge could not be read.
/// </summary>
public sealed record BatteryReading(double? Percent, double? Volts, string? Error)
{
    public static BatteryReading Of(double percent, double volts) => new(percent, volts, null);

    public static BatteryReading Failed(string error) => new(null, null, error);

    public bool Succeeded => Percent is not null;
}
