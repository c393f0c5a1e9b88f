using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Tests.Configuration;

public class OptionalHardwareOptionsTests
{
    public static IEnumerable<TestCaseData> InvalidOptions()
    {
        TestCaseData Case(string name, Action<DeviceOptions> breakIt, string field, string value) =>
            new TestCaseData(breakIt, field, value).SetName($"Invalid optional part: {name}");

        yield return Case("RTC on a negative bus", o => o.Rtc.I2cBus = -1, "Rtc.I2cBus", "-1");
        yield return Case("RTC at a reserved address", o => o.Rtc.Address = 0x7C, "Rtc.Address", "124");
        yield return Case("RTC clock difference zero", o => o.Rtc.MaxSystemClockDifference = TimeSpan.Zero, "Rtc.MaxSystemClockDifference", "00:00:00");
        yield return Case("RTC device not an RTC", o => o.Rtc.KernelDevice = "/dev/sda", "Rtc.KernelDevice", "\"/dev/sda\"");
        yield return Case("RTC device relative", o => o.Rtc.KernelDevice = "rtc0", "Rtc.KernelDevice", "\"rtc0\"");
        yield return Case("RTC device with a path after it", o => o.Rtc.KernelDevice = "/dev/rtc0/../sda", "Rtc.KernelDevice", "\"/dev/rtc0/../sda\"");
        yield return Case("GNSS without a port", o => o.Gnss.SerialPort = " ", "Gnss.SerialPort", "\" \"");
        yield return Case("GNSS odd baud rate", o => o.Gnss.BaudRate = 9601, "Gnss.BaudRate", "9601");
        yield return Case("GNSS track every 100 ms", o => o.Gnss.TrackInterval = TimeSpan.FromMilliseconds(100), "Gnss.TrackInterval", "00:00:00.1000000");
        yield return Case("GNSS no track points", o => o.Gnss.MaxTrackPointsPerClip = 0, "Gnss.MaxTrackPointsPerClip", "0");
        yield return Case("GNSS fix age zero", o => o.Gnss.FixMaxAge = TimeSpan.Zero, "Gnss.FixMaxAge", "00:00:00");
        yield return Case("unknown gauge", o => o.FuelGauge.Kind = (FuelGaugeKind)4, "FuelGauge.Kind", "4");
        yield return Case("gauge at the RTC's address", o => { o.Rtc.Enabled = true; o.FuelGauge.Enabled = true; o.FuelGauge.Address = 0x68; }, "FuelGauge.Address", "104");
        yield return Case("low-battery threshold 0", o => o.FuelGauge.LowBatteryBelowPercent = 0, "FuelGauge.LowBatteryBelowPercent", "0");
        yield return Case("no hysteresis", o => o.FuelGauge.LowBatteryClearedAtPercent = 15, "FuelGauge.LowBatteryClearedAtPercent", "15");
        yield return Case("clears above 100 %", o => o.FuelGauge.LowBatteryClearedAtPercent = 120, "FuelGauge.LowBatteryClearedAtPercent", "120");
        yield return Case("poll interval zero", o => o.FuelGauge.PollInterval = TimeSpan.Zero, "FuelGauge.PollInterval", "00:00:00");
        yield return Case("curve of one point", o => o.FuelGauge.VoltageCurve = [new(3.7, 50)], "FuelGauge.VoltageCurve", "1 point(s)");
        yield return Case("curve falling", o => o.FuelGauge.VoltageCurve = [new(3.0, 0), new(4.2, 100), new(4.1, 100)], "FuelGauge.VoltageCurve[2].Volts", "4.1");
        yield return Case("curve above 100 %", o => o.FuelGauge.VoltageCurve = [new(3.0, 0), new(4.2, 101)], "FuelGauge.VoltageCurve[1].Percent", "101");
        yield return Case("button on I2C SDA", o => { o.Rtc.Enabled = true; o.Pins.FunctionButton.Pin = 2; }, "Pins.FunctionButton.Pin", "2");
        yield return Case("LED on the UART's RXD", o => { o.Gnss.Enabled = true; o.Pins.StatusLed.Pin = 15; }, "Pins.StatusLed.Pin", "15");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Each_bad_setting_is_named_with_its_value(Action<DeviceOptions> breakIt, string field, string value)
    {
        var options = new DeviceOptions();
        breakIt(options);

        var errors = DeviceOptionsValidator.Validate(options);

        Assert.That(errors.Select(e => (e.Field, e.Value)), Does.Contain((field, value)), string.Join(Environment.NewLine, errors));
    }

    [Test]
    public void The_parts_are_off_by_default_and_the_defaults_are_valid()
    {
        var options = new DeviceOptions();

        Assert.That((options.Rtc.Enabled, options.Gnss.Enabled, options.FuelGauge.Enabled), Is.EqualTo((false, false, false)));
        options.Rtc.Enabled = options.Gnss.Enabled = options.FuelGauge.Enabled = true;
        Assert.That(DeviceOptionsValidator.Validate(options), Is.Empty);
    }

    [TestCase("")]
    [TestCase("/dev/rtc")]
    [TestCase("/dev/rtc0")]
    [TestCase("/dev/rtc12")]
    public void The_rtc_device_is_empty_when_none_is_fitted_or_names_a_kernel_rtc(string device)
    {
        var options = new DeviceOptions();
        options.Rtc.KernelDevice = device;

        Assert.That(new DeviceOptions().Rtc.KernelDevice, Is.Empty, "none fitted by default");
        Assert.That(DeviceOptionsValidator.Validate(options), Is.Empty);
    }

    [Test]
    public void A_bus_line_the_part_does_not_use_stays_free()
    {
        // GPIO 2 and 14 are ordinary lines while no part uses I2C bus 1 or the header UART.
        var options = new DeviceOptions();
        options.Pins.FunctionButton.Pin = 2;
        options.Pins.DockDetect.Pin = 14;
        options.Rtc.Enabled = true;
        options.Rtc.I2cBus = 3;
        options.Gnss.Enabled = true;
        options.Gnss.SerialPort = "/dev/ttyUSB0";

        Assert.That(DeviceOptionsValidator.Validate(options), Is.Empty);
    }

    [Test]
    public void The_sections_load_from_json()
    {
        var options = DeviceOptionsJson.Parse("""
            {
              "Rtc": { "Enabled": true, "MaxSystemClockDifference": "00:00:05" },
              "Gnss": { "Enabled": true, "SerialPort": "/dev/ttyAMA0", "BaudRate": 38400, "TrackInterval": "00:00:10" },
              "FuelGauge": { "Enabled": true, "Address": 65, "LowBatteryBelowPercent": 10, "LowBatteryClearedAtPercent": 25,
                             "VoltageCurve": [ { "Volts": 3.2, "Percent": 0 }, { "Volts": 4.1, "Percent": 100 } ] }
            }
            """);

        Assert.Multiple(() =>
        {
            Assert.That(options.Rtc.MaxSystemClockDifference, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That((options.Gnss.SerialPort, options.Gnss.BaudRate, options.Gnss.TrackInterval), Is.EqualTo(("/dev/ttyAMA0", 38400, TimeSpan.FromSeconds(10))));
            Assert.That((options.FuelGauge.Address, options.FuelGauge.LowBatteryBelowPercent, options.FuelGauge.LowBatteryClearedAtPercent), Is.EqualTo((65, 10.0, 25.0)));
            Assert.That(options.FuelGauge.VoltageCurve, Is.EqualTo(new[] { new VoltagePoint(3.2, 0), new VoltagePoint(4.1, 100) }));
        });
    }

    [Test]
    public void A_bad_value_in_a_file_names_the_field()
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => DeviceOptionsJson.Parse("""{ "Gnss": { "Enabled": true, "BaudRate": 1234 } }"""));

        Assert.That(exception!.Message, Does.Contain("Gnss.BaudRate = 1234"));
    }
}
