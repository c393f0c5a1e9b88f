// Opens every pin and PWM channel the configuration names and exposes them as the device's
// inputs and outputs. The configuration was validated before (ValidatedDeviceOptions), so a bad
// one never gets here.
// Ownership: the GpioController is the caller's; channels made by the factory and every pin
// opened here are released on Dispose.
using System.Device.Gpio;
using System.Device.Pwm;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Indicators;
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Hardware;

/// <summary>Creates a PWM channel: (chip, channel, frequency Hz, duty 0..1). On a Pi: PwmChannel.Create.</summary>
public delegate PwmChannel PwmChannelFactory(int chip, int channel, int frequencyHz, double dutyCycle);

public sealed class DeviceHardware : IDisposable
{
    private readonly List<IDisposable> _owned = new();

    public DeviceHardware(ValidatedDeviceOptions validated, GpioController gpio, PwmChannelFactory pwm)
    {
        var options = validated.Value;
        var pins = options.Pins;
        try
        {
            Inputs = Own(new GpioInputs(gpio, pins));
            var red = Light(pins.RecordIndicator, gpio, pwm, options.Lights.PwmFrequencyHz);
            var green = Light(pins.StatusLed, gpio, pwm, options.Lights.PwmFrequencyHz);
            IBeeper beeper = pins.Beeper.Kind switch
            {
                BeeperKind.PassivePiezo => Own(new PwmBeeper(pwm(pins.Beeper.Pwm.Chip, pins.Beeper.Pwm.Channel, options.Tones.FrequencyHz, 0))),
                BeeperKind.ActiveBuzzer => Own(new GpioSwitchedOutput(gpio, pins.Beeper.Pin, pins.Beeper.ActiveLevel)),
                _ => AbsentOutput.Instance,
            };
            IVibrationMotor vibration = pins.Vibration.Enabled
                ? Own(new GpioSwitchedOutput(gpio, pins.Vibration.Pin, pins.Vibration.ActiveLevel))
                : AbsentOutput.Instance;
            Outputs = new DeviceOutputs(red, green, beeper, vibration);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public GpioInputs Inputs { get; }

    public DeviceOutputs Outputs { get; }

    /// <summary>Connects the inputs to the controller and starts it with the levels read now.</summary>
    public void Start(DeviceController controller)
    {
        Inputs.Connect(controller.OnInput);
        controller.Start(Inputs.ReadAll());
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    private IBrightnessOutput Light(LightOutputOptions light, GpioController gpio, PwmChannelFactory pwm, int frequencyHz) =>
        light.Pwm is { } channel
            ? Own(new PwmLed(pwm(channel.Chip, channel.Channel, frequencyHz, 0), light.ActiveLevel))
            : Own(new GpioSwitchedOutput(gpio, light.Pin, light.ActiveLevel));

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
