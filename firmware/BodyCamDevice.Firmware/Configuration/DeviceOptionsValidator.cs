// Full validation of DeviceOptions. Every rule names the field and the bad value, so a firmware
// engineer can fix a config file without reading code. Runs before any pin is opened.
using System.Globalization;

namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    /// <summary>Highest BCM line on the 40-pin header of every Raspberry Pi since the B+.</summary>
    public const int HighestHeaderPin = 27;

    /// <summary>Highest GPIO chip number accepted (a Pi 5 on older kernels has its header on gpiochip4).</summary>
    public const int MaximumGpioChip = 15;

    // The range of every light and tone timing: a flash or beep shorter than this cannot be seen
    // or heard, a longer one is no longer a signal.
    private static readonly TimeSpan ShortestSignal = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LongestSignal = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<ConfigurationError> Validate(DeviceOptions options)
    {
        var errors = new List<ConfigurationError>();

        // A section or nested object set to null (in code; the JSON reader refuses them with
        // their path) leaves nothing for the rules below to read: report it and stop.
        if (!AllSectionsPresent(options, errors))
        {
            return errors;
        }

        ValidateIdentity(options.Identity, errors);
        ValidatePins(options.Pins, options.Lights, ReservedLines(options), errors);
        ValidateButtons(options.Buttons, errors);
        ValidateLights(options.Lights, errors);
        ValidateTones(options.Tones, errors);
        ValidateAlarms(options, errors);
        ValidateRecording(options.Recording, options.Camera.BitrateKbps, errors);
        FileSystemPath("Audit.Path", options.Audit.Path, reserveBytes: 0, "a file", errors);
        if (options.Audit.Path?.EndsWith('/') == true)
        {
            errors.Add(new("Audit.Path", Quote(options.Audit.Path), "must name a file"));
        }

        ValidateCamera(options.Camera, errors);
        ValidateWatermark(options.Identity, options.Camera, errors);
        ValidateEncryption(options.Encryption, errors);
        ValidateOptionalHardware(options, errors);
        ValidateOffload(options.Offload, errors);

        return errors;
    }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> listing every error, or returns the options.</summary>
    public static DeviceOptions ThrowIfInvalid(DeviceOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(errors);
        }

        return options;
    }

    private static void ValidatePins(PinMapOptions pins, LightOptions lights, IReadOnlyDictionary<int, string> reserved, List<ConfigurationError> errors)
    {
        // Every GPIO line may be claimed once; the first claimant wins the error message. Lines
        // the optional parts' buses take (I2C, UART) are claimed first.
        var owners = new Dictionary<int, string>(reserved);
        if (pins.GpioChip is < 0 or > MaximumGpioChip)
        {
            errors.Add(new("Pins.GpioChip", Number(pins.GpioChip), $"must be the number of a /dev/gpiochipN from 0 to {MaximumGpioChip}"));
        }

        void Claim(string field, int pin)
        {
            if (pin < 0 || pin > HighestHeaderPin)
            {
                errors.Add(new(field, Number(pin), $"must be a BCM GPIO number from 0 to {HighestHeaderPin}"));
                return;
            }

            if (!owners.TryAdd(pin, field))
            {
                errors.Add(new(field, Number(pin), $"is already used by {owners[pin]}"));
            }
        }

        void Input(string field, InputPinOptions input)
        {
            Defined(field + ".ActiveLevel", input.ActiveLevel, errors);
            Defined(field + ".Pull", input.Pull, errors);
            if (input.Enabled)
            {
                Claim(field + ".Pin", input.Pin);
            }
        }

        void Light(string field, LightOutputOptions light)
        {
            Defined(field + ".ActiveLevel", light.ActiveLevel, errors);
            if (light.Pwm is { } pwm)
            {
                Claim(field + ".Pwm.Pin", pwm.Pin);
                PwmAddress(field + ".Pwm", pwm, errors);
            }
            else
            {
                Claim(field + ".Pin", light.Pin);
                if (lights.Mode == LightMode.Dim)
                {
                    errors.Add(new("Lights.Mode", "Dim", $"needs {field}.Pwm: an LED on a plain GPIO line can only be on or off"));
                }
            }
        }

        Input("Pins.RecordButton", pins.RecordButton);
        if (!pins.RecordButton.Enabled)
        {
            errors.Add(new("Pins.RecordButton.Enabled", "false", "the record button cannot be disabled"));
        }

        Input("Pins.FunctionButton", pins.FunctionButton);
        Input("Pins.DockDetect", pins.DockDetect);
        Input("Pins.ExternalTrigger", pins.ExternalTrigger);
        Light("Pins.RecordIndicator", pins.RecordIndicator);
        Light("Pins.StatusLed", pins.StatusLed);

        var beeper = pins.Beeper;
        if (Defined("Pins.Beeper.Kind", beeper.Kind, errors))
        {
            if (beeper.Kind == BeeperKind.PassivePiezo)
            {
                Claim("Pins.Beeper.Pwm.Pin", beeper.Pwm.Pin);
                PwmAddress("Pins.Beeper.Pwm", beeper.Pwm, errors);
                if (pins.RecordIndicator.Pwm is { } red && SameChannel(red, beeper.Pwm))
                {
                    errors.Add(new("Pins.Beeper.Pwm", $"{beeper.Pwm.Chip}/{beeper.Pwm.Channel}", "is already used by Pins.RecordIndicator.Pwm"));
                }

                if (pins.StatusLed.Pwm is { } green && SameChannel(green, beeper.Pwm))
                {
                    errors.Add(new("Pins.Beeper.Pwm", $"{beeper.Pwm.Chip}/{beeper.Pwm.Channel}", "is already used by Pins.StatusLed.Pwm"));
                }
            }
            else if (beeper.Kind == BeeperKind.ActiveBuzzer)
            {
                Claim("Pins.Beeper.Pin", beeper.Pin);
                Defined("Pins.Beeper.ActiveLevel", beeper.ActiveLevel, errors);
            }
        }

        if (pins.RecordIndicator.Pwm is { } redPwm && pins.StatusLed.Pwm is { } greenPwm && SameChannel(redPwm, greenPwm))
        {
            errors.Add(new("Pins.StatusLed.Pwm", $"{greenPwm.Chip}/{greenPwm.Channel}", "is already used by Pins.RecordIndicator.Pwm"));
        }

        Defined("Pins.Vibration.ActiveLevel", pins.Vibration.ActiveLevel, errors);
        if (pins.Vibration.Enabled)
        {
            Claim("Pins.Vibration.Pin", pins.Vibration.Pin);
        }
    }

    private static void ValidateButtons(ButtonOptions buttons, List<ConfigurationError> errors)
    {
        Defined("Buttons.RecordButtonMode", buttons.RecordButtonMode, errors);
        var debounceOk = DurationIn("Buttons.Debounce", buttons.Debounce, Milliseconds(1), Seconds(1), errors);
        var windowOk = DurationIn("Buttons.DoublePressWindow", buttons.DoublePressWindow, Milliseconds(1), Seconds(5), errors);
        var holdOk = DurationIn("Buttons.HoldToStop", buttons.HoldToStop, Milliseconds(1), Seconds(30), errors);
        var stealthOk = DurationIn("Buttons.HoldForStealth", buttons.HoldForStealth, Milliseconds(1), Seconds(30), errors);

        // A double-press needs press, release, press: at least two debounce windows apart.
        if (debounceOk && windowOk && buttons.DoublePressWindow <= 2 * buttons.Debounce)
        {
            errors.Add(new("Buttons.DoublePressWindow", Duration(buttons.DoublePressWindow), $"must be longer than twice Buttons.Debounce ({Duration(buttons.Debounce)})"));
        }

        // Otherwise the first press of a double-press could already count as a hold.
        if (windowOk && holdOk && buttons.HoldToStop <= buttons.DoublePressWindow)
        {
            errors.Add(new("Buttons.HoldToStop", Duration(buttons.HoldToStop), $"must be longer than Buttons.DoublePressWindow ({Duration(buttons.DoublePressWindow)})"));
        }

        if (debounceOk && stealthOk && buttons.HoldForStealth <= buttons.Debounce)
        {
            errors.Add(new("Buttons.HoldForStealth", Duration(buttons.HoldForStealth), $"must be longer than Buttons.Debounce ({Duration(buttons.Debounce)})"));
        }
    }

    private static void ValidateLights(LightOptions lights, List<ConfigurationError> errors)
    {
        Defined("Lights.Mode", lights.Mode, errors);
        if (!(lights.DimBrightness > 0 && lights.DimBrightness < 1))
        {
            errors.Add(new("Lights.DimBrightness", Number(lights.DimBrightness), "must be between 0 and 1 (exclusive)"));
        }

        if (lights.PwmFrequencyHz is < 100 or > 100_000)
        {
            errors.Add(new("Lights.PwmFrequencyHz", Number(lights.PwmFrequencyHz), "must be from 100 to 100000 Hz (below 100 Hz an LED visibly flickers)"));
        }

        DurationIn("Lights.RecordBlinkOn", lights.RecordBlinkOn, ShortestSignal, LongestSignal, errors);
        DurationIn("Lights.RecordBlinkOff", lights.RecordBlinkOff, ShortestSignal, LongestSignal, errors);
        DurationIn("Lights.BufferingBlinkOn", lights.BufferingBlinkOn, ShortestSignal, LongestSignal, errors);
        DurationIn("Lights.BufferingBlinkOff", lights.BufferingBlinkOff, ShortestSignal, LongestSignal, errors);
        DurationIn("Lights.FaultPulse", lights.FaultPulse, ShortestSignal, LongestSignal, errors);
        DurationIn("Lights.FaultPause", lights.FaultPause, ShortestSignal, LongestSignal, errors);
    }

    private static void ValidateTones(ToneOptions tones, List<ConfigurationError> errors)
    {
        // Piezo discs are useless outside the audible band, and PWM hardware tops out around here.
        if (tones.FrequencyHz is < 100 or > 20_000)
        {
            errors.Add(new("Tones.FrequencyHz", Number(tones.FrequencyHz), "must be an audible frequency from 100 to 20000 Hz"));
        }

        if (!(tones.DutyCycle > 0 && tones.DutyCycle < 1))
        {
            errors.Add(new("Tones.DutyCycle", Number(tones.DutyCycle), "must be between 0 and 1 (exclusive)"));
        }

        var beepsOk = DurationIn("Tones.ShortBeep", tones.ShortBeep, ShortestSignal, LongestSignal, errors)
            & DurationIn("Tones.QuickBeep", tones.QuickBeep, ShortestSignal, LongestSignal, errors)
            & DurationIn("Tones.LongBeep", tones.LongBeep, ShortestSignal, LongestSignal, errors)
            & DurationIn("Tones.Gap", tones.Gap, ShortestSignal, LongestSignal, errors);
        if (DurationIn("Tones.RecordingReminderInterval", tones.RecordingReminderInterval, Seconds(1), TimeSpan.FromHours(1), errors) && beepsOk)
        {
            // The reminder must leave silence between its own repetitions.
            var reminderLength = 2 * tones.ShortBeep + 2 * tones.Gap;
            if (tones.RecordingReminderInterval <= reminderLength)
            {
                errors.Add(new("Tones.RecordingReminderInterval", Duration(tones.RecordingReminderInterval), $"must be longer than the reminder itself ({Duration(reminderLength)})"));
            }
        }
    }

    private static void PwmAddress(string field, PwmChannelOptions pwm, List<ConfigurationError> errors)
    {
        if (pwm.Chip < 0)
        {
            errors.Add(new(field + ".Chip", Number(pwm.Chip), "must not be negative"));
        }

        if (pwm.Channel < 0)
        {
            errors.Add(new(field + ".Channel", Number(pwm.Channel), "must not be negative"));
        }
    }

    private static bool SameChannel(PwmChannelOptions a, PwmChannelOptions b) => a.Chip == b.Chip && a.Channel == b.Channel;

    /// <summary>
    /// A duration from <paramref name="minimum"/> to <paramref name="maximum"/>. Every duration has
    /// an upper bound: the device's timers take at most about 49 days, and sums and multiples of
    /// settings must not overflow.
    /// </summary>
    private static bool DurationIn(string field, TimeSpan value, TimeSpan minimum, TimeSpan maximum, List<ConfigurationError> errors)
    {
        if (value >= minimum && value <= maximum)
        {
            return true;
        }

        errors.Add(new(field, Duration(value), $"must be from {Readable(minimum)} to {Readable(maximum)}"));
        return false;
    }

    private static TimeSpan Milliseconds(double value) => TimeSpan.FromMilliseconds(value);

    private static TimeSpan Seconds(double value) => TimeSpan.FromSeconds(value);

    /// <summary>"10 ms", "1 s", "30 min", "24 h": how the range of a setting reads in a message.</summary>
    private static string Readable(TimeSpan value) => value switch
    {
        _ when value == TimeSpan.Zero => "0",
        _ when value < Seconds(1) => $"{Number(value.TotalMilliseconds)} ms",
        _ when value < TimeSpan.FromMinutes(1) => $"{Number(value.TotalSeconds)} s",
        _ when value < TimeSpan.FromHours(1) => $"{Number(value.TotalMinutes)} min",
        _ => $"{Number(value.TotalHours)} h",
    };

    private static bool Defined<TEnum>(string field, TEnum value, List<ConfigurationError> errors)
        where TEnum : struct, Enum
    {
        if (Enum.IsDefined(value))
        {
            return true;
        }

        errors.Add(new(field, value.ToString(), $"is not one of {string.Join(", ", Enum.GetNames<TEnum>())}"));
        return false;
    }

    private static string Duration(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string? value) => value is null ? "null" : $"\"{value}\"";
}
