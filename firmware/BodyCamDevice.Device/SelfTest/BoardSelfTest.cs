// `bodycam selftest` on a board: for bring-up of a new board. Reports each input's level, drives
// every output in turn for a few seconds (red LED, green LED, beeper tone, vibration) saying what
// it drives so a person can watch and listen, then reports the inputs again (hold a button or
// dock the camera meanwhile to see its level change). Uses the firmware's pin adapters directly:
// no controller, no camera. Exit 0 once every output was driven.
using System.Device.Gpio;
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Device.SelfTest;

internal sealed class BoardSelfTest(ValidatedDeviceOptions validated, IDeviceDrivers drivers, TimeSpan each, TimeProvider time)
{
    private readonly DeviceOptions options = validated.Value;

    /// <exception cref="HardwareUnavailableException">The GPIO chip or a PWM channel cannot be opened.</exception>
    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var pins = options.Pins;
        using var gpio = new GpioController(drivers.OpenGpio(options));
        using var hardware = new DeviceHardware(validated, gpio, drivers.Pwm);
        output.WriteLine($"selftest: {drivers.Description}, GPIO chip {pins.GpioChip}; each output for {each.TotalSeconds:0.#} s");
        foreach (var warning in hardware.Inputs.Warnings)
        {
            output.WriteLine("selftest: warning: " + warning);
        }

        ReportInputs(hardware, output);
        var outputs = hardware.Outputs;
        await DriveAsync(output, $"red LED (record indicator) on {Light(pins.RecordIndicator)}", () => outputs.RecordIndicator.SetBrightness(1), () => outputs.RecordIndicator.SetBrightness(0), cancellationToken);
        await DriveAsync(output, $"green LED (status) on {Light(pins.StatusLed)}", () => outputs.StatusLed.SetBrightness(1), () => outputs.StatusLed.SetBrightness(0), cancellationToken);
        var tones = options.Tones;
        var beeper = pins.Beeper.Kind switch
        {
            BeeperKind.PassivePiezo => $"beeper (passive piezo) on PWM{pins.Beeper.Pwm.Chip}/{pins.Beeper.Pwm.Channel} at {tones.FrequencyHz} Hz, duty {tones.DutyCycle:0.##}",
            BeeperKind.ActiveBuzzer => $"beeper (active buzzer) on GPIO{pins.Beeper.Pin} active-{Level(pins.Beeper.ActiveLevel)}",
            _ => null,
        };
        if (beeper is null)
        {
            output.WriteLine("selftest: no beeper configured (Pins.Beeper.Kind = None)");
        }
        else
        {
            await DriveAsync(output, beeper, () => outputs.Beeper.StartTone(tones.FrequencyHz, tones.DutyCycle), outputs.Beeper.StopTone, cancellationToken);
        }

        if (pins.Vibration.Enabled)
        {
            await DriveAsync(output, $"vibration motor on GPIO{pins.Vibration.Pin} active-{Level(pins.Vibration.ActiveLevel)}", () => outputs.Vibration.SetRunning(true), () => outputs.Vibration.SetRunning(false), cancellationToken);
        }
        else
        {
            output.WriteLine("selftest: no vibration motor configured (Pins.Vibration.Enabled = false)");
        }

        ReportInputs(hardware, output);
        output.WriteLine("selftest: done; every output was driven once (check that each one lit, sounded or buzzed)");
    }

    private async Task DriveAsync(TextWriter output, string what, Action on, Action off, CancellationToken cancellationToken)
    {
        output.WriteLine($"selftest: driving {what} for {each.TotalSeconds:0.#} s");
        on();
        try
        {
            await Task.Delay(each, time, cancellationToken);
        }
        finally
        {
            off();
        }
    }

    private void ReportInputs(DeviceHardware hardware, TextWriter output)
    {
        var levels = hardware.Inputs.ReadAll();
        foreach (var input in Enum.GetValues<DeviceInput>())
        {
            if (!hardware.Inputs.Map.TryGetValue(input, out var pin))
            {
                output.WriteLine($"selftest: input {Name(input)}: disabled");
                continue;
            }

            var active = levels[input];
            var level = active == (pin.ActiveLevel == ActiveLevel.High) ? "high" : "low";
            output.WriteLine($"selftest: input {Name(input)} on GPIO{pin.Pin} (pull {pin.Pull.ToString().ToLowerInvariant()}, active-{Level(pin.ActiveLevel)}): {level} = {(active ? ActiveWord(input) : "inactive")}");
        }
    }

    private static string Light(LightOutputOptions light) =>
        light.Pwm is { } pwm ? $"PWM{pwm.Chip}/{pwm.Channel} active-{Level(light.ActiveLevel)}" : $"GPIO{light.Pin} active-{Level(light.ActiveLevel)}";

    private static string Level(ActiveLevel level) => level == ActiveLevel.High ? "high" : "low";

    private static string Name(DeviceInput input) => input switch
    {
        DeviceInput.RecordButton => "record button",
        DeviceInput.FunctionButton => "function button",
        DeviceInput.DockDetect => "dock detect",
        _ => "external trigger",
    };

    private static string ActiveWord(DeviceInput input) => input switch
    {
        DeviceInput.DockDetect => "docked",
        DeviceInput.ExternalTrigger => "triggered",
        _ => "pressed",
    };
}
