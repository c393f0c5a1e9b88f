// The optional battery fuel gauge and the low-battery threshold. Off by default. The gauge is an
// INA219 on I2C measuring the battery's voltage; the charge is estimated from that voltage along
// VoltageCurve. The BatteryMonitor polls it and owns the low-battery alarm (with hysteresis).
namespace BodyCamDevice.Firmware.Configuration;

public sealed class FuelGaugeOptions
{
    public bool Enabled { get; set; }

    public FuelGaugeKind Kind { get; set; } = FuelGaugeKind.Ina219;

    /// <summary>Linux I2C bus number (/dev/i2c-N).</summary>
    public int I2cBus { get; set; } = 1;

    /// <summary>7-bit I2C address; an INA219 answers at 0x40 to 0x4F (0x40, 64, with A0 and A1 grounded).</summary>
    public int Address { get; set; } = 0x40;

    /// <summary>How often the gauge is read.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Below this charge (percent) the low-battery alarm sounds.</summary>
    public double LowBatteryBelowPercent { get; set; } = 15;

    /// <summary>The alarm ends only once the charge is back at or above this (hysteresis, percent).</summary>
    public double LowBatteryClearedAtPercent { get; set; } = 20;

    /// <summary>
    /// Battery voltage (volts, at the gauge, under the camera's load) to charge (percent), rising;
    /// linear between points. The default is a rough curve for one lithium-polymer cell
    /// (3.0 V empty, 4.2 V full): measure your own battery and replace it.
    /// </summary>
    public List<VoltagePoint> VoltageCurve { get; set; } =
    [
        new(3.00, 0), new(3.45, 5), new(3.60, 10), new(3.68, 20), new(3.74, 30), new(3.78, 40),
        new(3.82, 50), new(3.87, 60), new(3.93, 70), new(4.00, 80), new(4.08, 90), new(4.20, 100),
    ];
}

public enum FuelGaugeKind
{
    /// <summary>Texas Instruments INA219 current/voltage monitor (Iot.Device.Adc.Ina219).</summary>
    Ina219,
}

/// <summary>One point of a discharge curve: the battery at <see cref="Volts"/> holds <see cref="Percent"/> of its charge.</summary>
public sealed record VoltagePoint(double Volts, double Percent);
