// The recording writer's watch on the wall clock: steps are the wall clock moving other than the
// monotonic clock between two looks, reported with what it would have read and what it read;
// time passing alone, and differences under half a second, are not steps.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

public class WallClockWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Time_passing_is_no_step()
    {
        var monotonic = new SteppingTimeProvider(Start);
        var watch = new WallClockWatch(new ShiftedWallClock(monotonic));

        for (int look = 0; look < 50; look++)
        {
            monotonic.Step(TimeSpan.FromMilliseconds(37 * look));
            Assert.That(watch.Look(), Is.Null, $"look {look}");
        }
    }

    [Test]
    public void A_step_back_to_1970_is_reported_once_with_both_readings()
    {
        var monotonic = new SteppingTimeProvider(Start);
        var clock = new ShiftedWallClock(monotonic);
        var watch = new WallClockWatch(clock);
        monotonic.Step(TimeSpan.FromSeconds(2));
        Assert.That(watch.Look(), Is.Null);

        monotonic.Step(TimeSpan.FromSeconds(1));
        clock.Shift = DateTimeOffset.UnixEpoch - Start;
        monotonic.Step(TimeSpan.FromMilliseconds(250));
        var step = watch.Look();

        Assert.That(step, Is.Not.Null);
        Assert.That(step!.Value.From, Is.EqualTo(Start.AddSeconds(3.25)), "where the clock would have been");
        Assert.That(step.Value.To, Is.EqualTo(DateTimeOffset.UnixEpoch.AddSeconds(3.25)), "what it read");
        Assert.That(step.Value.Size, Is.EqualTo(DateTimeOffset.UnixEpoch - Start));

        monotonic.Step(TimeSpan.FromSeconds(5));
        Assert.That(watch.Look(), Is.Null, "the clock running on from 1970 is no new step");
    }

    [TestCase(400, false)]
    [TestCase(-400, false)]
    [TestCase(600, true)]
    [TestCase(-600, true)]
    [TestCase(3_600_000, true)]
    public void Only_steps_beyond_half_a_second_are_reported(int milliseconds, bool reported)
    {
        var monotonic = new SteppingTimeProvider(Start);
        var clock = new ShiftedWallClock(monotonic);
        var watch = new WallClockWatch(clock);
        monotonic.Step(TimeSpan.FromSeconds(1));

        clock.Shift = TimeSpan.FromMilliseconds(milliseconds);
        var step = watch.Look();

        Assert.That(step is not null, Is.EqualTo(reported));
        if (reported)
        {
            Assert.That(step!.Value.Size, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
        }
    }
}
