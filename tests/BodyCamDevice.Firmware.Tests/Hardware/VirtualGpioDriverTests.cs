using System.Device.Gpio;
using BodyCamDevice.Firmware.Hardware.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Hardware;

public class VirtualGpioDriverTests
{
    [Test]
    public void DrivenInputsFireTheRegisteredEdgeCallbacks()
    {
        var time = new FakeTimeProvider(TestDevice.Epoch);
        var driver = new VirtualGpioDriver(time);
        using var gpio = new GpioController(driver);
        gpio.OpenPin(17, PinMode.InputPullUp);
        var seen = new List<PinEventTypes>();
        gpio.RegisterCallbackForPinValueChangedEvent(17, PinEventTypes.Falling | PinEventTypes.Rising, (_, args) => seen.Add(args.ChangeType));

        Assert.That(gpio.Read(17), Is.EqualTo(PinValue.High), "a pulled-up input rests high");
        driver.SetInput(17, PinValue.Low);
        driver.SetInput(17, PinValue.Low); // no change, no edge
        driver.SetInput(17, PinValue.High);
        Assert.That(seen, Is.EqualTo(new[] { PinEventTypes.Falling, PinEventTypes.Rising }));
    }

    [Test]
    public void OutputWritesAreTracedWithTheProvidersTime()
    {
        var time = new FakeTimeProvider(TestDevice.Epoch);
        var driver = new VirtualGpioDriver(time);
        using var gpio = new GpioController(driver);
        gpio.OpenPin(24, PinMode.Output);
        gpio.Write(24, PinValue.High);
        time.Advance(TimeSpan.FromMilliseconds(500));
        gpio.Write(24, PinValue.High);
        gpio.Write(24, PinValue.Low);
        Assert.That(driver.EdgesOf(24).Select(e => (e.Time, e.Value)), Is.EqualTo(new[]
        {
            (TestDevice.Epoch, PinValue.High), (TestDevice.Epoch.AddMilliseconds(500), PinValue.Low),
        }));
    }

    [Test]
    public void APinBeyondTheChipIsRefused()
    {
        var driver = new VirtualGpioDriver(TimeProvider.System);
        using var gpio = new GpioController(driver);
        Assert.That(() => gpio.OpenPin(40, PinMode.Output), Throws.InstanceOf<ArgumentException>());
    }

    [Test]
    public void ThePwmChannelTracesStartsStopsAndChanges()
    {
        var time = new FakeTimeProvider(TestDevice.Epoch);
        using var channel = new VirtualPwmChannel(time, "pwm0/1");
        channel.Frequency = 2700;
        channel.Start();
        channel.DutyCycle = 0.25;
        time.Advance(TimeSpan.FromMilliseconds(120));
        channel.Stop();
        Assert.That(channel.Trace.Select(e => (e.Kind, e.FrequencyHz, e.DutyCycle)), Is.EqualTo(new[]
        {
            (ToneEventKind.Started, 2700, 0.5), (ToneEventKind.Changed, 2700, 0.25), (ToneEventKind.Stopped, 2700, 0.25),
        }));
        Assert.That(channel.Trace[^1].Time, Is.EqualTo(TestDevice.Epoch.AddMilliseconds(120)));
    }
}

public class PinAdapterTests
{
    [Test]
    public void ActiveLowWiringIsHonouredEndToEnd()
    {
        using var device = new TestDevice(o =>
        {
            o.Pins.RecordButton.ActiveLevel = BodyCamDevice.Firmware.Configuration.ActiveLevel.High;
            o.Pins.RecordButton.Pull = BodyCamDevice.Firmware.Configuration.InputPull.Down;
            o.Pins.RecordIndicator.ActiveLevel = BodyCamDevice.Firmware.Configuration.ActiveLevel.Low;
        });
        Assert.That(device.Gpio.LevelOf(24), Is.EqualTo(PinValue.High), "an active-low LED is dark when high");
        device.Gpio.SetInput(17, PinValue.High);
        device.Advance(100);
        device.Gpio.SetInput(17, PinValue.Low);
        device.Advance(100);
        device.Gpio.SetInput(17, PinValue.High);
        device.Advance(100);
        device.Gpio.SetInput(17, PinValue.Low);
        Assert.That(device.State, Is.EqualTo(BodyCamDevice.Firmware.Core.DeviceState.Recording));
        Assert.That(device.Gpio.LevelOf(24), Is.EqualTo(PinValue.Low), "lit: driven low");
    }

    [Test]
    public void DimModeDrivesTheLedsThroughPwmAtTheDimBrightness()
    {
        using var device = new TestDevice(o =>
        {
            o.Lights.Mode = BodyCamDevice.Firmware.Configuration.LightMode.Dim;
            o.Lights.DimBrightness = 0.2;
            o.Pins.RecordIndicator.Pwm = new() { Chip = 0, Channel = 0, Pin = 12 };
            o.Pins.StatusLed.Pwm = new() { Chip = 1, Channel = 0, Pin = 18 };
        });
        var red = device.Device.PwmChannels[(0, 0)];
        device.DoublePress(); // recording from 250 ms
        device.Advance(1300); // to 1650 ms: on, off at 750, on at 1250
        Assert.That(red.Trace.Select(e => (e.Kind, e.DutyCycle)), Is.EqualTo(new[]
        {
            (ToneEventKind.Started, 0.2), (ToneEventKind.Stopped, 0.2), (ToneEventKind.Started, 0.2),
        }));
    }

    [Test]
    public void LightsOffModeKeepsBothLedsDarkButStillBeeps()
    {
        using var device = new TestDevice(o => o.Lights.Mode = BodyCamDevice.Firmware.Configuration.LightMode.Off);
        device.DoublePress();
        device.Advance(3000);
        Assert.That(device.OutputEdges(24), Is.Empty);
        Assert.That(device.OutputEdges(25), Is.Empty);
        Assert.That(device.ToneStarts(), Is.EqualTo(2));
    }
}
