// `bodycam selftest`: the virtual scripted scenario (the device assembly with the virtual camera)
// as a real process passes on the real clock and seals its recording;
// the same scenario fails a device whose red LED never lights; on a board (here the virtual
// driver in its place) every output is driven in turn and every input reported.
using System.Device.Gpio;
using BodyCamDevice.Device.Commands;
using BodyCamDevice.Device.Drivers;

namespace BodyCamDevice.Device.Tests.SelfTest;

public class SelfTestCommandTests
{
    [Test]
    public void TheVirtualSelfTestPassesAsAProcessWellWithinFifteenSeconds()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (exitCode, output, error) = Bodycam.Run(["selftest", "--virtual"], TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.Zero, output + error);
        Assert.That(output, Does.Contain("PASS  a double-press starts a recording"));
        Assert.That(output, Does.Contain("PASS  red LED blinks at 1 Hz, 500 ms on"));
        Assert.That(output, Does.Contain("PASS  start tone: 2 beeps of 120 ms at 2700 Hz"));
        Assert.That(output, Does.Contain("PASS  holding it stops the recording"));
        Assert.That(output, Does.Contain("PASS  red LED off once stopped"));
        Assert.That(output, Does.Match(@"PASS  the recording is sealed in a clip with its manifest: BC-000000_\d{8}T\d{6}Z_0001_clip01\.mp4: \d+ bytes, the manifest says \d+; \d+ video frames, final clip"));
        Assert.That(output, Does.Not.Contain("FAIL"));
        Assert.That(output, Does.EndWith("selftest: PASS (10 checks)"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
    }

    [Test]
    public async Task TheVirtualSelfTestFailsADeviceWhoseRedLedNeverLights()
    {
        // Lights.Mode Off: the firmware keeps the LED dark, as a dead LED line would look.
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, """
            { "Identity": { "DeviceSerial": "BC-DARK01" }, "Lights": { "Mode": "Off" }, "Buttons": { "HoldToStop": "00:00:01" } }
            """);
        var output = new StringWriter();
        try
        {
            var exitCode = await SelfTestCommand.RunAsync(config, isVirtual: true, seconds: 2, output, TextWriter.Null, CancellationToken.None);

            Assert.That(exitCode, Is.EqualTo(1), output.ToString());
            Assert.That(output.ToString(), Does.Contain("FAIL  red LED blinks at 1 Hz"));
            Assert.That(output.ToString(), Does.Contain("PASS  a double-press starts a recording"), "the rest of the device still behaves");
            Assert.That(output.ToString(), Does.Contain("selftest: FAIL (1 of 10 checks failed)"));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Test]
    public async Task OnABoardEveryOutputIsDrivenInTurnAndEveryInputReported()
    {
        var drivers = new VirtualDeviceDrivers(TimeProvider.System);
        var config = Path.GetTempFileName();
        await File.WriteAllTextAsync(config, """{ "Identity": { "DeviceSerial": "BC-BOARD1" } }""");
        var output = new StringWriter();
        try
        {
            var exitCode = await SelfTestCommand.RunAsync(config, isVirtual: false, seconds: 0.2, output, TextWriter.Null, CancellationToken.None, drivers);

            Assert.That(exitCode, Is.Zero, output.ToString());
            var text = output.ToString();
            Assert.That(text, Does.Contain("driving red LED (record indicator) on GPIO24 active-high for 0.2 s"));
            Assert.That(text, Does.Contain("driving beeper (passive piezo) on PWM0/1 at 2700 Hz, duty 0.5 for 0.2 s"));
            Assert.That(text, Does.Contain("input record button on GPIO17 (pull up, active-low): high = inactive"));
            Assert.That(text, Does.Contain("input dock detect on GPIO22"));

            // Each output line went on for about 0.2 s, one after the other.
            var onTimes = new[] { 24, 25, 5 }.Select(pin =>
            {
                var edges = drivers.Virtual.Gpio.EdgesOf(pin).Where(edge => edge.IsOutput).ToArray();
                var on = edges.First(edge => edge.Value == PinValue.High);
                var off = edges.Last(edge => edge.Value == PinValue.Low);
                return (Pin: pin, On: on.Time, Length: off.Time - on.Time);
            }).ToArray();
            Assert.That(onTimes.Select(t => t.Length.TotalSeconds), Has.All.InRange(0.15, 0.6));
            Assert.That(onTimes.Select(t => t.On), Is.Ordered, "red, green, then vibration");
            var beeper = drivers.Virtual.PwmChannels[(0, 1)].Trace;
            Assert.That(beeper.Select(e => e.Kind.ToString()), Is.EqualTo(new[] { "Started", "Stopped" }));
            Assert.That(beeper[0].FrequencyHz, Is.EqualTo(2700));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [TestCase(true, double.NaN)]
    [TestCase(true, double.PositiveInfinity)]
    [TestCase(false, 0.05)]
    [TestCase(false, 61)]
    public async Task ASecondsOutsideItsRangeIsRefusedWithTheRange(bool isVirtual, double seconds)
    {
        var error = new StringWriter();
        var exitCode = await SelfTestCommand.RunAsync(configPath: null, isVirtual, seconds, TextWriter.Null, error, CancellationToken.None, new CountingDrivers());
        Assert.That(exitCode, Is.EqualTo(2), error.ToString());
        Assert.That(error.ToString(), Does.Contain("--seconds must be from"));
    }
}
