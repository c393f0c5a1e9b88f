using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class TimestampUnwrapperTests
{
    private const long Period = 1L << 33;

    [Test]
    public void Values_before_any_wrap_are_unchanged()
    {
        var unwrapper = new TimestampUnwrapper();

        Assert.That(unwrapper.Unwrap(1000), Is.EqualTo(1000));
        Assert.That(unwrapper.Unwrap(4000), Is.EqualTo(4000));
    }

    [Test]
    public void Continues_past_the_33_bit_wrap()
    {
        var unwrapper = new TimestampUnwrapper();
        long start = Period - 6000;

        long[] unwrapped = [.. Enumerable.Range(0, 5).Select(frame => unwrapper.Unwrap((start + frame * 3000) % Period))];

        Assert.That(unwrapped, Is.EqualTo(new[] { start, start + 3000, start + 6000, start + 9000, start + 12000 }));
    }

    [Test]
    public void A_value_slightly_behind_across_the_wrap_stays_behind()
    {
        var unwrapper = new TimestampUnwrapper();
        unwrapper.Unwrap(Period - 100);
        long afterWrap = unwrapper.Unwrap(500);

        // Audio stamped a little before the video that crossed the wrap.
        long audio = unwrapper.Unwrap(Period - 1000);

        Assert.That(afterWrap, Is.EqualTo(Period + 500));
        Assert.That(audio, Is.EqualTo(Period - 1000));
    }

    [Test]
    public void Keeps_counting_over_several_wraps()
    {
        var unwrapper = new TimestampUnwrapper();
        long step = Period / 4;
        long last = 0;
        for (long value = 0; value < 3 * Period; value += step)
        {
            // Video and audio: a leap of hours moves the reference once a second value confirms it.
            last = unwrapper.Unwrap(value % Period);
            Assert.That(last, Is.EqualTo(value));
            Assert.That(unwrapper.Unwrap((value + 1000) % Period), Is.EqualTo(value + 1000));
        }

        Assert.That(last, Is.GreaterThan(2 * Period));
    }

    [Test]
    public void Lone_garbage_timestamps_do_not_walk_the_timeline_a_period_away()
    {
        var unwrapper = new TimestampUnwrapper();
        unwrapper.Unwrap(900_000);

        // Each garbage value is within half a period of the one before it: followed blindly, they
        // would carry the reference a whole period (26.5 h) ahead of the real stream.
        Assert.That(unwrapper.Unwrap(900_000 + (Period / 3)), Is.EqualTo(900_000 + (Period / 3)));
        unwrapper.Unwrap(900_000 + (2 * Period / 3));

        Assert.That(unwrapper.Unwrap(903_000), Is.EqualTo(903_000), "the real stream, back where it was");
        Assert.That(unwrapper.Unwrap(906_000), Is.EqualTo(906_000));
    }
}
