// Exact LED, tone and vibration traces for the moments that matter: start, recording, stop.
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Core;

public class OutputTraceTests
{
    [Test]
    public void StartingARecordingBlinksTheRedIndicatorAtOneHertzAndBeepsAndVibratesTwice()
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.DoublePress(gapMs: 150); // second press lands at 250 ms
        device.Advance(2750 - 350);     // now 2750 ms

        Assert.That(device.OutputEdges(device.Device.RecordIndicatorPin), Is.EqualTo(new[]
        {
            (250.0, true), (750.0, false), (1250.0, true), (1750.0, false), (2250.0, true), (2750.0, false),
        }));
        Assert.That(device.Tones(), Is.EqualTo(new[]
        {
            (250.0, ToneEventKind.Started, 2700), (370.0, ToneEventKind.Stopped, 2700),
            (490.0, ToneEventKind.Started, 2700), (610.0, ToneEventKind.Stopped, 2700),
        }));
        Assert.That(device.OutputEdges(device.Device.VibrationPin), Is.EqualTo(new[]
        {
            (250.0, true), (370.0, false), (490.0, true), (610.0, false),
        }));
        Assert.That(device.OutputEdges(device.Device.StatusLedPin), Is.Empty, "green stays dark while recording");
    }

    [Test]
    public void StoppingTurnsTheRedIndicatorOffAndSoundsOneLongBeep()
    {
        using var device = new TestDevice();
        device.DoublePress(); // recording (red lit) from 250 ms
        device.Advance(300);  // start beeps over; the hold starts at 650 ms, so the stop lands in a lit phase
        device.ClearTraces();
        device.MarkTimeZero();
        device.Hold(TimeSpan.FromSeconds(3)); // stop fires at 3000 ms
        device.Advance(3000);

        var red = device.OutputEdges(device.Device.RecordIndicatorPin);
        Assert.That(red[^1], Is.EqualTo((3000.0, false)), "red is off from the moment of the stop");
        Assert.That(red.All(edge => edge.Ms <= 3000.0), Is.True, "and stays off");
        Assert.That(device.Tones(), Is.EqualTo(new[]
        {
            (3000.0, ToneEventKind.Started, 2700), (3700.0, ToneEventKind.Stopped, 2700),
        }));
        Assert.That(device.OutputEdges(device.Device.VibrationPin), Is.EqualTo(new[] { (3000.0, true), (3700.0, false) }));

        // Sealing shows solid green; buffering again resumes the slow green blink.
        Assert.That(device.OutputEdges(device.Device.StatusLedPin), Is.EqualTo(new[] { (3000.0, true), (3500.0, false), (5000.0, true), (5500.0, false) }));
    }

    [Test]
    public void BufferingBlinksGreenAndLeavesRedDark()
    {
        using var device = new TestDevice(start: false);
        device.MarkTimeZero();
        device.Device.Start();
        device.Advance(4100);

        // Boot: red solid while the camera starts; the fake pipeline reports buffering at once.
        Assert.That(device.OutputEdges(device.Device.RecordIndicatorPin), Is.EqualTo(new[] { (0.0, true), (0.0, false) }));
        Assert.That(device.OutputEdges(device.Device.StatusLedPin), Is.EqualTo(new[] { (0.0, true), (500.0, false), (2000.0, true), (2500.0, false), (4000.0, true) }));
        Assert.That(device.Tones(), Is.EqualTo(new[] { (0.0, ToneEventKind.Started, 2700), (120.0, ToneEventKind.Stopped, 2700) }), "one power-on beep");
    }

    [Test]
    public void TheBlinkDoesNotDriftOverALongRecording()
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.DoublePress(); // starts at 250 ms
        device.Advance(TimeSpan.FromHours(1));
        var red = device.OutputEdges(device.Device.RecordIndicatorPin);
        Assert.That(red, Has.Count.EqualTo(7200 + 1));
        for (var i = 0; i < red.Count; i++)
        {
            Assert.That(red[i], Is.EqualTo((250.0 + (500.0 * i), i % 2 == 0)));
        }
    }

    [Test]
    public void ADoublePressedRecordingRemindsEveryTwoMinutesForThirtyMinutes()
    {
        using var device = new TestDevice();
        device.MarkTimeZero();
        device.DoublePress();                        // recording from 250 ms
        device.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromMilliseconds(650)); // to 30 min 1 s

        var starts = device.Tones().Where(t => t.Kind == ToneEventKind.Started).Select(t => t.Ms).ToArray();
        var expected = new List<double> { 250, 490 };
        for (var k = 1; k <= 15; k++)
        {
            var at = 250 + (k * 120_000.0);
            expected.Add(at);
            expected.Add(at + 240);
        }

        Assert.That(starts, Is.EqualTo(expected), "start beeps, then a 2-beep reminder at 2, 4, ... 30 minutes");
        Assert.That(device.AuditEntries.Count(e => e.Kind == "reminder"), Is.EqualTo(15));
        var vibrations = device.OutputEdges(device.Device.VibrationPin).Count(e => e.High);
        Assert.That(vibrations, Is.EqualTo(32), "each reminder vibrates twice too");
    }

    [Test]
    public void TheReminderIntervalIsConfigurable()
    {
        using var device = new TestDevice(o => o.Tones.RecordingReminderInterval = TimeSpan.FromSeconds(30));
        device.MarkTimeZero();
        device.DoublePress();
        device.Advance(TimeSpan.FromMinutes(5));
        Assert.That(device.AuditEntries.Count(e => e.Kind == "reminder"), Is.EqualTo(10), "at 30 s, 1 min, ... 5 min");
    }

    [Test]
    public void NoReminderSoundsAfterTheRecordingStopped()
    {
        using var device = new TestDevice();
        device.DoublePress();
        device.Advance(TimeSpan.FromSeconds(110));
        device.Hold(TimeSpan.FromSeconds(3));
        device.ClearTraces();
        device.Advance(TimeSpan.FromMinutes(10));
        Assert.That(device.ToneStarts(), Is.Zero);
    }

    [Test]
    public void AnActiveBuzzerOnAPlainPinFollowsTheSamePattern()
    {
        using var device = new TestDevice(o => o.Pins.Beeper.Kind = BodyCamDevice.Firmware.Configuration.BeeperKind.ActiveBuzzer);
        device.MarkTimeZero();
        device.DoublePress();
        device.Advance(1000);
        Assert.That(device.OutputEdges(device.Options.Pins.Beeper.Pin), Is.EqualTo(new[] { (250.0, true), (370.0, false), (490.0, true), (610.0, false) }));
    }
}
