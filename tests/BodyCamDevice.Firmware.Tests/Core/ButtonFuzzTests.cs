// Randomised edge sequences on the record button (and the function button) during a recording.
// Invariant: a recording stops only if the raw line was held continuously for the hold time
// (less one debounce window, which the lock-out debouncer may absorb at the start of a press),
// and nothing ever throws. Seeds are fixed, so a failure reproduces.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Tests.Core;

public class ButtonFuzzTests
{
    private const int EdgesPerSequence = 160;

    [Test]
    public void SequencesWithoutAThreeSecondHoldNeverStopARecording([Range(1, 150)] int seed)
    {
        var (device, stops, _) = Run(seed, allowLongHolds: false);
        using (device)
        {
            Assert.That(stops, Is.Empty, $"seed {seed}");
            Assert.That(device.State, Is.EqualTo(DeviceState.Recording), $"seed {seed}");
            Assert.That(device.Failures, Is.Empty);
        }
    }

    [Test]
    public void EveryStopInARandomSequenceHasAThreeSecondHoldBehindIt([Range(1, 150)] int seed)
    {
        var (device, stops, raw) = Run(seed, allowLongHolds: true);
        using (device)
        {
            var required = device.Options.Buttons.HoldToStop - device.Options.Buttons.Debounce;
            foreach (var stop in stops)
            {
                Assert.That(HeldThroughout(raw, stop - required, stop), Is.True, $"seed {seed}: stop at {stop:O} without a continuous hold");
            }

            Assert.That(device.Failures, Is.Empty, $"seed {seed}");
            Assert.That(Enum.IsDefined(device.State), Is.True);
        }
    }

    [Test]
    public void TheRandomSequencesDoReachTheHoldTime()
    {
        // Guards the test above against passing vacuously.
        var stops = 0;
        for (var seed = 1; seed <= 150; seed++)
        {
            var (device, found, _) = Run(seed, allowLongHolds: true);
            device.Dispose();
            stops += found.Count;
        }

        Assert.That(stops, Is.GreaterThan(20));
    }

    private static (TestDevice Device, List<DateTimeOffset> Stops, List<(DateTimeOffset Time, bool Pressed)> Raw) Run(int seed, bool allowLongHolds)
    {
        var device = new TestDevice();
        device.DoublePress();
        device.Advance(1000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));

        var random = new Random(seed);
        var raw = new List<(DateTimeOffset, bool)>();
        var pressed = false;
        for (var i = 0; i < EdgesPerSequence; i++)
        {
            pressed = !pressed;
            device.SetRecordButton(pressed);
            raw.Add((device.Time.GetUtcNow(), pressed));

            // Now and then the function button joins in (markers, an occasional stealth hold).
            if (random.NextDouble() < 0.05)
            {
                device.Device.SetInput(DeviceInput.FunctionButton, random.NextDouble() < 0.5);
            }

            device.Advance(NextDuration(random, allowLongHolds && pressed));
        }

        device.SetRecordButton(false);
        raw.Add((device.Time.GetUtcNow(), false));
        device.Device.SetInput(DeviceInput.FunctionButton, false);
        device.Advance(5000);

        var stops = device.AuditEntries.Where(e => e.Kind == "recording-stop-requested").Select(e => e.Time).ToList();
        return (device, stops, raw);
    }

    private static double NextDuration(Random random, bool mayBeLong)
    {
        var roll = random.NextDouble();
        if (roll >= 0.97 && mayBeLong)
        {
            return 2900 + (random.NextDouble() * 1100); // around the hold time
        }

        return roll switch
        {
            < 0.45 => 0.1 + (random.NextDouble() * 25), // contact chatter
            < 0.80 => 30 + (random.NextDouble() * 670), // taps and double-taps
            _ => 700 + (random.NextDouble() * 2200),    // long presses, short of a hold
        };
    }

    private static bool HeldThroughout(List<(DateTimeOffset Time, bool Pressed)> raw, DateTimeOffset from, DateTimeOffset to)
    {
        var last = raw.LastOrDefault(edge => edge.Time <= from);
        if (!last.Pressed)
        {
            return false;
        }

        return !raw.Any(edge => edge.Time > from && edge.Time < to && !edge.Pressed);
    }
}
