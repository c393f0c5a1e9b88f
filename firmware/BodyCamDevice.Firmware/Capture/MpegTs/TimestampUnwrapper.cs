// Turns 33-bit PTS/DTS values, which wrap every 2^33 ticks of 90 kHz (about 26.5 hours), into a
// continuous long. One instance serves audio and video alike so their values stay comparable.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal sealed class TimestampUnwrapper
{
    private const long Period = 1L << 33;
    private const long HalfPeriod = 1L << 32;

    // A step larger than this (10 s of 90 kHz ticks) moves the reference only once the next value
    // confirms it.
    private const long ConfirmedStep = 10 * 90_000;

    private long _last;
    private bool _started;

    // A value that leapt away from _last, waiting for the next one to confirm it; long.MinValue for none.
    private long _pending = long.MinValue;

    // Each value is placed within half a period (about 13 hours) of the reference, forwards or
    // backwards. That keeps audio stamped slightly behind video on the right side of a wrap, and
    // is the only assumption: a jump of more than 13 hours is read as a step the other way.
    // The reference follows the stream: each value near it, and a leap once the next value lands
    // near the leap too (a real jump, which both streams show). A lone garbage timestamp (an
    // encoder or pipe producing garbage) is placed as it is but does not move the reference, so
    // a run of them cannot walk it a whole period away from the real timeline.
    public long Unwrap(long raw33)
    {
        if (!_started)
        {
            _started = true;
            _last = raw33 & (Period - 1);
            return _last;
        }

        long delta = (raw33 - _last) & (Period - 1);
        if (delta >= HalfPeriod)
        {
            delta -= Period;
        }

        long value = _last + delta;
        if (Math.Abs(delta) <= ConfirmedStep || (_pending != long.MinValue && Math.Abs(value - _pending) <= ConfirmedStep))
        {
            _last = value;
            _pending = long.MinValue;
        }
        else
        {
            _pending = value;
        }

        return value;
    }
}
