// The tracing decorators see exactly what the firmware drives: the same output edges the virtual
// driver recorded, and the beeper's tones with their frequency.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Hardware.Tracing;

namespace BodyCamDevice.Firmware.Tests.Hardware;

public class TracingDecoratorTests
{
    [Test]
    public void TheGpioTraceMatchesTheVirtualDriversOutputEdges()
    {
        using var device = new TestDevice();
        device.Device.Tracing.Trace.Clear();
        device.DoublePress();
        device.Advance(3000);

        var red = device.Device.RecordIndicatorPin;
        var traced = device.Device.Tracing.Trace.Events(OutputTrace.GpioLine(red)).Select(e => (e.Timestamp, e.High)).ToArray();
        var virtualEdges = device.Gpio.EdgesOf(red).Where(e => e.IsOutput).Select(e => (e.Timestamp, e.Value == PinValue.High)).ToArray();
        Assert.That(traced, Is.EqualTo(virtualEdges));
        Assert.That(traced, Has.Length.GreaterThanOrEqualTo(5));
    }

    [Test]
    public void ThePwmTraceRecordsEachBeepWithItsFrequency()
    {
        using var device = new TestDevice();
        device.Device.Tracing.Trace.Clear();
        device.DoublePress();
        device.Advance(1000);

        var beeper = OutputTrace.PwmLine(device.Options.Pins.Beeper.Pwm.Chip, device.Options.Pins.Beeper.Pwm.Channel);
        var tones = device.Device.Tracing.Trace.Events(beeper);
        Assert.That(tones.Select(t => t.High), Is.EqualTo(new[] { true, false, true, false }), "two start beeps");
        Assert.That(tones.Where(t => t.High).Select(t => t.FrequencyHz), Is.All.EqualTo(2700));
    }

    [Test]
    public void AFullTraceDropsTheOldestEventsAndCountsThem()
    {
        var trace = new OutputTrace(TimeProvider.System, capacity: 3);
        for (var i = 0; i < 5; i++)
        {
            trace.Append("GPIO1", i % 2 == 0, 0, 0);
        }

        Assert.That(trace.Events().Select(e => e.Sequence), Is.EqualTo(new long[] { 3, 4, 5 }));
        Assert.That(trace.Dropped, Is.EqualTo(2));
    }
}
