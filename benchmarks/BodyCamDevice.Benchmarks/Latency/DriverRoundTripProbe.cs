// The baseline: what the virtual driver and GpioController cost on their own. A callback on the
// button line writes the LED line straight back, with no firmware in between. Paced like the
// device presses (same down and up times) so the two sets of figures can be read side by side.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Benchmarks.Latency;

internal static class DriverRoundTripProbe
{
    /// <param name="cycles">Press-release cycles; each gives one "on" and one "off" sample.</param>
    public static (LatencySamples On, LatencySamples Off) Run(int cycles, int warmup, TimeSpan down, TimeSpan up, int buttonPin, int ledPin)
    {
        var time = TimeProvider.System;
        var driver = new VirtualGpioDriver(time);
        using var gpio = new GpioController(driver);
        driver.SetInput(buttonPin, PinValue.High);
        gpio.OpenPin(buttonPin, PinMode.InputPullUp);
        gpio.OpenPin(ledPin, PinMode.Output, PinValue.Low);

        // Active-low button, active-high LED: pressed (falling) lights it, released puts it out.
        gpio.RegisterCallbackForPinValueChangedEvent(buttonPin, PinEventTypes.Rising | PinEventTypes.Falling, (_, args) =>
            gpio.Write(ledPin, args.ChangeType == PinEventTypes.Falling ? PinValue.High : PinValue.Low));

        using var catcher = new OutputEdgeCatcher(driver, time, ledPin);
        var on = new LatencySamples("baseline: driver round trip, on");
        var off = new LatencySamples("baseline: driver round trip, off");
        for (var i = 0; i < warmup + cycles; i++)
        {
            var measuring = i >= warmup;
            catcher.Measure(PinValue.High, () => driver.SetInput(buttonPin, PinValue.Low), measuring ? on : null);
            Thread.Sleep(down);
            catcher.Measure(PinValue.Low, () => driver.SetInput(buttonPin, PinValue.High), measuring ? off : null);
            Thread.Sleep(up);
        }

        return (on, off);
    }
}
