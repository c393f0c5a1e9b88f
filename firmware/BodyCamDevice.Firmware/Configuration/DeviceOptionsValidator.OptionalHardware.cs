// Validation of the optional parts: RTC, GNSS receiver, fuel gauge. Their buses take header
// lines (I2C1: GPIO 2 and 3; the UART: GPIO 14 and 15), which no pin setting may then use.
namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    /// <summary>Serial devices that are the header's UART on Raspberry Pi OS (GPIO 14 TXD, 15 RXD).</summary>
    private static readonly string[] HeaderUartDevices = ["/dev/serial0", "/dev/ttyAMA0", "/dev/ttyS0"];

    private static readonly int[] BaudRates = [4800, 9600, 19200, 38400, 57600, 115200];

    // GPIO lines owned by the optional parts' buses, named for the error message.
    private static Dictionary<int, string> ReservedLines(DeviceOptions options)
    {
        var reserved = new Dictionary<int, string>();
        foreach (var (enabled, bus, field) in new[] { (options.Rtc.Enabled, options.Rtc.I2cBus, "Rtc"), (options.FuelGauge.Enabled, options.FuelGauge.I2cBus, "FuelGauge") })
        {
            if (enabled && bus == 1)
            {
                reserved.TryAdd(2, $"I2C bus 1 SDA ({field}.I2cBus)");
                reserved.TryAdd(3, $"I2C bus 1 SCL ({field}.I2cBus)");
            }
        }

        if (options.Gnss.Enabled && HeaderUartDevices.Contains(options.Gnss.SerialPort))
        {
            reserved.TryAdd(14, "the UART's TXD (Gnss.SerialPort)");
            reserved.TryAdd(15, "the UART's RXD (Gnss.SerialPort)");
        }

        return reserved;
    }

    private static void ValidateOptionalHardware(DeviceOptions options, List<ConfigurationError> errors)
    {
        var rtc = options.Rtc;
        var rtcAddressOk = I2cAddress("Rtc", rtc.I2cBus, rtc.Address, errors);

        // The chip counts whole seconds: less than a second would raise the clock alarm on a
        // clock that is right.
        DurationIn("Rtc.MaxSystemClockDifference", rtc.MaxSystemClockDifference, Seconds(1), TimeSpan.FromHours(24), errors);

        // Only an RTC device: the firmware writes the time into it with an ioctl.
        if (!string.IsNullOrEmpty(rtc.KernelDevice) && !KernelRtcDevice().IsMatch(rtc.KernelDevice))
        {
            errors.Add(new("Rtc.KernelDevice", Quote(rtc.KernelDevice), "must be empty (no RTC fitted) or the kernel's RTC device: /dev/rtc, or /dev/rtc0 to /dev/rtc99"));
        }

        var gnss = options.Gnss;
        FileSystemPath("Gnss.SerialPort", gnss.SerialPort, reserveBytes: 0, "a serial device, e.g. /dev/serial0", errors);

        if (!BaudRates.Contains(gnss.BaudRate))
        {
            errors.Add(new("Gnss.BaudRate", Number(gnss.BaudRate), $"must be one of {string.Join(", ", BaudRates)}"));
        }

        // Receivers report once a second.
        DurationIn("Gnss.FixMaxAge", gnss.FixMaxAge, Seconds(1), TimeSpan.FromHours(1), errors);
        DurationIn("Gnss.TrackInterval", gnss.TrackInterval, Seconds(1), TimeSpan.FromHours(1), errors);

        if (gnss.MaxTrackPointsPerClip is < 1 or > 100_000)
        {
            errors.Add(new("Gnss.MaxTrackPointsPerClip", Number(gnss.MaxTrackPointsPerClip), "must be from 1 to 100000"));
        }

        var gauge = options.FuelGauge;
        Defined("FuelGauge.Kind", gauge.Kind, errors);
        var gaugeAddressOk = I2cAddress("FuelGauge", gauge.I2cBus, gauge.Address, errors);
        if (gauge.Enabled && rtc.Enabled && rtcAddressOk && gaugeAddressOk && gauge.I2cBus == rtc.I2cBus && gauge.Address == rtc.Address)
        {
            errors.Add(new("FuelGauge.Address", Number(gauge.Address), $"is already used by Rtc.Address on I2C bus {rtc.I2cBus}"));
        }

        DurationIn("FuelGauge.PollInterval", gauge.PollInterval, Seconds(1), TimeSpan.FromHours(1), errors);
        var lowOk = gauge.LowBatteryBelowPercent is > 0 and < 100;
        if (!lowOk)
        {
            errors.Add(new("FuelGauge.LowBatteryBelowPercent", Number(gauge.LowBatteryBelowPercent), "must be between 0 and 100 (exclusive)"));
        }

        if (!(gauge.LowBatteryClearedAtPercent <= 100) || (lowOk && !(gauge.LowBatteryClearedAtPercent > gauge.LowBatteryBelowPercent)))
        {
            errors.Add(new("FuelGauge.LowBatteryClearedAtPercent", Number(gauge.LowBatteryClearedAtPercent), $"must be above FuelGauge.LowBatteryBelowPercent ({Number(gauge.LowBatteryBelowPercent)}) and at most 100, so the alarm does not flicker on and off"));
        }

        ValidateCurve(gauge.VoltageCurve, errors);
    }

    private static void ValidateCurve(List<VoltagePoint>? curve, List<ConfigurationError> errors)
    {
        if (curve is null || curve.Count < 2)
        {
            errors.Add(new("FuelGauge.VoltageCurve", curve is null ? "null" : $"{curve.Count} point(s)", "needs at least two points"));
            return;
        }

        for (var i = 0; i < curve.Count; i++)
        {
            var point = curve[i];
            var field = $"FuelGauge.VoltageCurve[{i}]";
            if (point is null)
            {
                errors.Add(new(field, "null", "must be a point {\"Volts\": …, \"Percent\": …}"));
                return;
            }

            if (!(point.Volts is > 0 and < 60))
            {
                errors.Add(new(field + ".Volts", Number(point.Volts), "must be a battery voltage between 0 and 60 V"));
            }

            if (!(point.Percent is >= 0 and <= 100))
            {
                errors.Add(new(field + ".Percent", Number(point.Percent), "must be from 0 to 100"));
            }

            if (i > 0 && curve[i - 1] is { } previous)
            {
                if (!(point.Volts > previous.Volts))
                {
                    errors.Add(new(field + ".Volts", Number(point.Volts), $"must be above the point before it ({Number(previous.Volts)} V): the curve rises"));
                }

                if (point.Percent < previous.Percent)
                {
                    errors.Add(new(field + ".Percent", Number(point.Percent), $"must not be below the point before it ({Number(previous.Percent)} %)"));
                }
            }
        }
    }

    private static bool I2cAddress(string section, int bus, int address, List<ConfigurationError> errors)
    {
        var ok = true;
        if (bus < 0)
        {
            errors.Add(new(section + ".I2cBus", Number(bus), "must not be negative (the N of /dev/i2c-N)"));
            ok = false;
        }

        // 0x00-0x07 and 0x78-0x7F are reserved by the I2C specification.
        if (address is < 0x08 or > 0x77)
        {
            errors.Add(new(section + ".Address", Number(address), "must be a 7-bit I2C address from 8 (0x08) to 119 (0x77)"));
            ok = false;
        }

        return ok;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^/dev/rtc[0-9]{0,2}$")]
    private static partial System.Text.RegularExpressions.Regex KernelRtcDevice();
}
