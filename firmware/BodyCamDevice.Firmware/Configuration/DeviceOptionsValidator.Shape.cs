// The shape of DeviceOptions: every section and nested object present. The JSON reader already
// refuses a null with its path; this catches options built in code, so that no rule ever reads
// through a null and the device fails with a stack trace instead of a named field.
namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    private static bool AllSectionsPresent(DeviceOptions options, List<ConfigurationError> errors)
    {
        var count = errors.Count;
        void Present(string field, object? value)
        {
            if (value is null)
            {
                errors.Add(new(field, "null", "must be an object (leave it out for the defaults)"));
            }
        }

        Present("Identity", options.Identity);
        Present("Buttons", options.Buttons);
        Present("Lights", options.Lights);
        Present("Tones", options.Tones);
        Present("Alarms", options.Alarms);
        Present("Stealth", options.Stealth);
        Present("Clock", options.Clock);
        Present("Audit", options.Audit);
        Present("Recording", options.Recording);
        Present("Rtc", options.Rtc);
        Present("Gnss", options.Gnss);
        Present("FuelGauge", options.FuelGauge);
        Present("Pins", options.Pins);
        if (options.Pins is { } pins)
        {
            Present("Pins.RecordButton", pins.RecordButton);
            Present("Pins.FunctionButton", pins.FunctionButton);
            Present("Pins.DockDetect", pins.DockDetect);
            Present("Pins.ExternalTrigger", pins.ExternalTrigger);
            Present("Pins.RecordIndicator", pins.RecordIndicator);
            Present("Pins.StatusLed", pins.StatusLed);
            Present("Pins.Vibration", pins.Vibration);
            Present("Pins.Beeper", pins.Beeper);
            if (pins.Beeper is { } beeper)
            {
                Present("Pins.Beeper.Pwm", beeper.Pwm);
            }
        }

        Present("Camera", options.Camera);
        if (options.Camera is { } camera)
        {
            Present("Camera.Audio", camera.Audio);
            Present("Camera.Restart", camera.Restart);
        }

        Present("Offload", options.Offload);
        return errors.Count == count;
    }
}
