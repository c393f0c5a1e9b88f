using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Tests.Configuration;

public class DeviceOptionsValidatorTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    // (what is wrong, the change that makes it wrong, the field the error must name, the value it must echo)
    public static IEnumerable<TestCaseData> InvalidOptions()
    {
        TestCaseData Case(string name, Action<DeviceOptions> breakIt, string field, string value) =>
            new TestCaseData(breakIt, field, value).SetName($"Invalid: {name}");

        yield return Case("duplicate pin", o => o.Pins.FunctionButton.Pin = 17, "Pins.FunctionButton.Pin", "17");
        yield return Case("LED on a button's pin", o => o.Pins.RecordIndicator.Pin = 22, "Pins.RecordIndicator.Pin", "22");
        yield return Case("vibration on the LED pin", o => o.Pins.Vibration.Pin = 25, "Pins.Vibration.Pin", "25");
        yield return Case("pin beyond the header", o => o.Pins.RecordButton.Pin = 40, "Pins.RecordButton.Pin", "40");
        yield return Case("negative pin", o => o.Pins.StatusLed.Pin = -1, "Pins.StatusLed.Pin", "-1");
        yield return Case("record button disabled", o => o.Pins.RecordButton.Enabled = false, "Pins.RecordButton.Enabled", "false");
        yield return Case("piezo on an input's line", o => o.Pins.Beeper.Pwm.Pin = 23, "Pins.Beeper.Pwm.Pin", "23");
        yield return Case("active buzzer on a used pin", o => { o.Pins.Beeper.Kind = BeeperKind.ActiveBuzzer; o.Pins.Beeper.Pin = 5; }, "Pins.Vibration.Pin", "5");
        yield return Case("LED and piezo share a PWM channel", o => o.Pins.RecordIndicator.Pwm = new() { Chip = 0, Channel = 1, Pin = 12 }, "Pins.Beeper.Pwm", "0/1");
        yield return Case("negative PWM channel", o => o.Pins.Beeper.Pwm.Channel = -2, "Pins.Beeper.Pwm.Channel", "-2");
        yield return Case("unknown beeper kind", o => o.Pins.Beeper.Kind = (BeeperKind)9, "Pins.Beeper.Kind", "9");
        yield return Case("unknown active level", o => o.Pins.RecordButton.ActiveLevel = (ActiveLevel)5, "Pins.RecordButton.ActiveLevel", "5");
        yield return Case("zero debounce", o => o.Buttons.Debounce = TimeSpan.Zero, "Buttons.Debounce", "00:00:00");
        yield return Case("negative hold", o => o.Buttons.HoldToStop = -Ms, "Buttons.HoldToStop", "-00:00:00.0010000");
        yield return Case("double-press window shorter than two debounces", o => o.Buttons.DoublePressWindow = 50 * Ms, "Buttons.DoublePressWindow", "00:00:00.0500000");
        yield return Case("hold shorter than the double-press window", o => o.Buttons.HoldToStop = 500 * Ms, "Buttons.HoldToStop", "00:00:00.5000000");
        yield return Case("stealth hold inside the debounce", o => o.Buttons.HoldForStealth = 20 * Ms, "Buttons.HoldForStealth", "00:00:00.0200000");
        yield return Case("unknown record button mode", o => o.Buttons.RecordButtonMode = (RecordButtonMode)3, "Buttons.RecordButtonMode", "3");
        yield return Case("unknown light mode", o => o.Lights.Mode = (LightMode)7, "Lights.Mode", "7");
        yield return Case("dim without PWM LEDs", o => o.Lights.Mode = LightMode.Dim, "Lights.Mode", "Dim");
        yield return Case("dim brightness 1.5", o => o.Lights.DimBrightness = 1.5, "Lights.DimBrightness", "1.5");
        yield return Case("zero blink", o => o.Lights.RecordBlinkOff = TimeSpan.Zero, "Lights.RecordBlinkOff", "00:00:00");
        yield return Case("LED PWM flicker", o => o.Lights.PwmFrequencyHz = 50, "Lights.PwmFrequencyHz", "50");
        yield return Case("inaudible tone", o => o.Tones.FrequencyHz = 40_000, "Tones.FrequencyHz", "40000");
        yield return Case("duty cycle 0", o => o.Tones.DutyCycle = 0, "Tones.DutyCycle", "0");
        yield return Case("reminder shorter than itself", o => o.Tones.RecordingReminderInterval = 100 * Ms, "Tones.RecordingReminderInterval", "00:00:00.1000000");
        yield return Case("zero alarm repeat", o => o.Alarms.RepeatInterval = TimeSpan.Zero, "Alarms.RepeatInterval", "00:00:00");
        yield return Case("empty serial", o => o.Identity.DeviceSerial = " ", "Identity.DeviceSerial", "\" \"");
        yield return Case("empty audit path", o => o.Audit.Path = "", "Audit.Path", "\"\"");

        // Sections and nested objects left null in code: named, never a NullReferenceException.
        yield return Case("null section", o => o.Pins = null!, "Pins", "null");
        yield return Case("null identity", o => o.Identity = null!, "Identity", "null");
        yield return Case("null nested object", o => o.Camera.Audio = null!, "Camera.Audio", "null");
        yield return Case("null PWM section", o => o.Pins.Beeper.Pwm = null!, "Pins.Beeper.Pwm", "null");
        yield return Case("null restart section", o => o.Camera.Restart = null!, "Camera.Restart", "null");

        // Identity: what fits file names, the store's names and metadata, and the watermark.
        yield return Case("serial of 25 characters", o => o.Identity.DeviceSerial = new string('4', 25), "Identity.DeviceSerial", "\"4444444444444444444444444\"");
        yield return Case("serial starting with '-'", o => o.Identity.DeviceSerial = "-4711", "Identity.DeviceSerial", "\"-4711\"");
        yield return Case("serial with '_', the names' separator", o => o.Identity.DeviceSerial = "BC_4711", "Identity.DeviceSerial", "\"BC_4711\"");
        yield return Case("officer of 21 characters", o => o.Identity.OfficerId = new string('7', 21), "Identity.OfficerId", "\"777777777777777777777\"");
        yield return Case("officer with a space", o => o.Identity.OfficerId = "PC 4711", "Identity.OfficerId", "\"PC 4711\"");
        yield return Case("officer not ASCII", o => o.Identity.OfficerId = "Ünal", "Identity.OfficerId", "\"Ünal\"");
        yield return Case("null officer", o => o.Identity.OfficerId = null!, "Identity.OfficerId", "null");
        yield return Case("watermark wider than the picture", o =>
        {
            o.Identity.DeviceSerial = new string('B', 24);
            o.Identity.OfficerId = new string('7', 20);
            (o.Camera.Width, o.Camera.Height) = (320, 240);
        }, "Camera.Width", "320");

        // Paths and text that reach file names and command lines.
        yield return Case("recordings directory with a name over 255 bytes", o => o.Recording.Directory = "/media/" + new string('r', 256), "Recording.Directory", $"\"/media/{new string('r', 53)}… (263 characters)\"");
        yield return Case("recordings directory leaving no room for the clip names", o => o.Recording.Directory = string.Concat(Enumerable.Repeat("/" + new string('d', 201), 20)), "Recording.Directory", $"\"{string.Concat(Enumerable.Repeat("/" + new string('d', 201), 20))[..60]}… (4040 characters)\"");
        yield return Case("audit path with a NUL", o => o.Audit.Path = "audit\0.jsonl", "Audit.Path", "\"audit\\u0000.jsonl\"");
        yield return Case("ALSA device with a line break", o => o.Camera.Audio.AlsaDevice = "hw:1\n", "Camera.Audio.AlsaDevice", "\"hw:1\\u000A\"");
        yield return Case("GNSS port with a tab", o => o.Gnss.SerialPort = "/dev/serial0\t", "Gnss.SerialPort", "\"/dev/serial0\\u0009\"");

        // Every duration has an upper bound: timers take at most about 49 days, and sums must not overflow.
        yield return Case("debounce of TimeSpan.MaxValue", o => o.Buttons.Debounce = TimeSpan.MaxValue, "Buttons.Debounce", "10675199.02:48:05.4775807");
        yield return Case("alarm repeat of 100 days", o => o.Alarms.RepeatInterval = TimeSpan.FromDays(100), "Alarms.RepeatInterval", "100.00:00:00");
        yield return Case("blink of a microsecond", o => o.Lights.RecordBlinkOn = TimeSpan.FromTicks(10), "Lights.RecordBlinkOn", "00:00:00.0000010");
        yield return Case("long beep of a minute", o => o.Tones.LongBeep = TimeSpan.FromMinutes(1), "Tones.LongBeep", "00:01:00");
        yield return Case("clip length of a year", o => o.Recording.ClipLength = TimeSpan.FromDays(365), "Recording.ClipLength", "365.00:00:00");
        yield return Case("camera start timeout of a second", o => o.Camera.StartTimeout = TimeSpan.FromSeconds(1), "Camera.StartTimeout", "00:00:01");
        yield return Case("stall timeout under three frames", o => { o.Camera.FrameRate = 1; o.Camera.StallTimeout = TimeSpan.FromSeconds(2); }, "Camera.StallTimeout", "00:00:02");
        yield return Case("restart delay of a day", o => o.Camera.Restart.MaximumDelay = TimeSpan.FromDays(1), "Camera.Restart.MaximumDelay", "1.00:00:00");
        yield return Case("fuel gauge polled every 10 ms", o => o.FuelGauge.PollInterval = TimeSpan.FromMilliseconds(10), "FuelGauge.PollInterval", "00:00:00.0100000");
        yield return Case("RTC tolerance under its resolution", o => o.Rtc.MaxSystemClockDifference = TimeSpan.FromMilliseconds(500), "Rtc.MaxSystemClockDifference", "00:00:00.5000000");
        yield return Case("alarms that would queue without end", o => o.Alarms.RepeatInterval = TimeSpan.FromSeconds(5), "Alarms.RepeatInterval", "00:00:05");
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void EachInvalidSettingIsNamedWithItsValue(Action<DeviceOptions> breakIt, string field, string value)
    {
        var options = new DeviceOptions();
        breakIt(options);
        var errors = DeviceOptionsValidator.Validate(options);
        Assert.That(errors.Select(e => (e.Field, e.Value)), Does.Contain((field, value)), string.Join("; ", errors));
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void AnInvalidConfigurationOpensNoPin(Action<DeviceOptions> breakIt, string field, string value)
    {
        var options = new DeviceOptions();
        breakIt(options);
        var driver = new VirtualGpioDriver(TimeProvider.System);
        using var gpio = new System.Device.Gpio.GpioController(driver);
        var error = Assert.Throws<InvalidConfigurationException>(() => new BodyCamDevice.Firmware.Hardware.DeviceHardware(ValidatedDeviceOptions.From(options), gpio, (_, _, _, _) => throw new AssertionException("a PWM channel was opened")));
        Assert.That(error!.Message, Does.Contain(field));
        Assert.That(Enumerable.Range(0, 28).Where(driver.IsOpen), Is.Empty);
    }

    [Test]
    public void TheLongestIdentityFitsEveryNameAndTheWatermarkAt720p()
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "B" + new string('-', 22) + "9";
        options.Identity.OfficerId = "P" + new string('.', 18) + "7";
        (options.Camera.Width, options.Camera.Height) = (1280, 720);
        Assert.That(DeviceOptionsValidator.Validate(options), Is.Empty);

        var clip = BodyCamDevice.Firmware.Capture.Recording.RecordingNames.ClipFileName(
            BodyCamDevice.Firmware.Capture.Recording.RecordingNames.Format(options.Identity.DeviceSerial, DateTimeOffset.UnixEpoch, 9999), 99);
        Assert.That(clip.Length + 1, Is.LessThanOrEqualTo(DeviceOptionsValidator.RecordingNameReserveBytes));
        var container = $"{options.Identity.OfficerId}_{options.Identity.DeviceSerial}_20260301T090000Z";
        Assert.That(Uri.EscapeDataString(container), Has.Length.LessThanOrEqualTo(64), "the store's container name as a metadata value");
        Assert.That(Uri.EscapeDataString(options.Identity.DeviceSerial), Has.Length.LessThanOrEqualTo(32));
        Assert.That(Uri.EscapeDataString(options.Identity.OfficerId), Has.Length.LessThanOrEqualTo(32));
    }

    [Test]
    public void TheDefaultsAreValid()
    {
        Assert.That(DeviceOptionsValidator.Validate(new DeviceOptions()), Is.Empty);
    }

    [Test]
    public void DimIsValidWhenBothLedsAreOnPwmChannels()
    {
        var options = new DeviceOptions();
        options.Lights.Mode = LightMode.Dim;
        options.Pins.RecordIndicator.Pwm = new() { Chip = 0, Channel = 0, Pin = 12 };
        options.Pins.StatusLed.Pwm = new() { Chip = 1, Channel = 0, Pin = 18 };
        Assert.That(DeviceOptionsValidator.Validate(options), Is.Empty);
    }

    [Test]
    public void EveryErrorIsReportedAtOnce()
    {
        var options = new DeviceOptions();
        options.Buttons.Debounce = TimeSpan.Zero;
        options.Tones.FrequencyHz = 1;
        options.Pins.StatusLed.Pin = 17;
        Assert.That(DeviceOptionsValidator.Validate(options), Has.Count.EqualTo(3));
    }
}

public class DeviceOptionsJsonTests
{
    [TestCase("""{ "Lights": { "Mode": "Sparkly" } }""", "Lights.Mode", "\"Sparkly\"")]
    [TestCase("""{ "Buttons": { "Debounce": "thirty" } }""", "Buttons.Debounce", "\"thirty\"")]
    [TestCase("""{ "Pins": { "RecordButton": { "Pin": "seventeen" } } }""", "Pins.RecordButton.Pin", "\"seventeen\"")]
    [TestCase("""{ "Pins": { "RecordButton": { "Pinn": 4 } } }""", "Pins.RecordButton.Pinn", "4")]
    [TestCase("""{ "Colour": "red" }""", "Colour", "\"red\"")]
    [TestCase("""{ "Tones": { "FrequencyHz": 12 } }""", "Tones.FrequencyHz", "12")]
    [TestCase("""{ "Buttons": { "RecordButtonMode": 1 } }""", "Buttons.RecordButtonMode", "1")]
    [TestCase("""[1, 2]""", "(root)", "[1, 2]")]
    public void MalformedJsonNamesTheFieldAndEchoesTheValue(string json, string field, string value)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => DeviceOptionsJson.Parse(json))!;
        Assert.That(error.Errors.Select(e => e.Field), Does.Contain(field), error.Message);
        Assert.That(error.Errors.Single(e => e.Field == field).Value, Is.EqualTo(value), error.Message);
    }

    [Test]
    public void AFullConfigurationRoundTrips()
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-123456";
        options.Buttons.RecordButtonMode = RecordButtonMode.SinglePressToggles;
        options.Tones.RecordingReminderInterval = TimeSpan.FromSeconds(45);
        var parsed = DeviceOptionsJson.Parse(DeviceOptionsJson.Serialize(options));
        Assert.That(parsed.Identity.DeviceSerial, Is.EqualTo("BC-123456"));
        Assert.That(parsed.Buttons.RecordButtonMode, Is.EqualTo(RecordButtonMode.SinglePressToggles));
        Assert.That(parsed.Tones.RecordingReminderInterval, Is.EqualTo(TimeSpan.FromSeconds(45)));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => DeviceOptionsJson.Load("/nonexistent/bodycam.json"))!;
        Assert.That(error.Errors.Single().Value, Is.EqualTo("/nonexistent/bodycam.json"));
    }

    [Test]
    public void CommentsAndPartialFilesAreFine()
    {
        var options = DeviceOptionsJson.Parse("""
            {
              // only what differs from the defaults
              "Identity": { "DeviceSerial": "BC-000777", "OfficerId": "PC-4521" },
            }
            """);
        Assert.That(options.Identity.OfficerId, Is.EqualTo("PC-4521"));
        Assert.That(options.Pins.RecordButton.Pin, Is.EqualTo(17));
    }
}

public class RecordingSettingsValidationTests
{
    [TestCase(-1.0, "Recording.PreRecord")]
    [TestCase(601.0, "Recording.PreRecord")]
    public void ThePreRecordWindowIsZeroToTenMinutes(double seconds, string field)
    {
        var options = new DeviceOptions();
        options.Recording.PreRecord = TimeSpan.FromSeconds(seconds);
        Assert.That(DeviceOptionsValidator.Validate(options).Select(e => e.Field), Does.Contain(field));
    }

    [Test]
    public void ABufferCapThatCannotHoldTheWindowIsRefusedNotSilentlyShortened()
    {
        var options = new DeviceOptions();
        options.Recording.PreRecord = TimeSpan.FromMinutes(2);
        options.Camera.BitrateKbps = 8000;
        options.Recording.BufferBytes = 64 * 1024 * 1024;
        var error = DeviceOptionsValidator.Validate(options).Single();
        Assert.That((error.Field, error.Value), Is.EqualTo(("Recording.BufferBytes", "67108864")));
        Assert.That(error.Problem, Does.Contain("Recording.PreRecord").And.Contain("Camera.BitrateKbps"));
    }

    [Test]
    public void AnEmptyRecordingsDirectoryIsNamed()
    {
        var options = new DeviceOptions();
        options.Recording.Directory = "";
        Assert.That(DeviceOptionsValidator.Validate(options).Select(e => e.Field), Does.Contain("Recording.Directory"));
    }
}
