// Turns 33-bit PTS/DTS values, which wrap every 2^33 ticks of 90 kHz (about 26.5 hours), into a
// continuous long. One instance serves audio and video alike so their values stay comparable.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal sealed class TimestampUnwrapper
{
    private const long Period = 1L << 33;
    private const long HalfPeriod = 1L << 32;

    private long _last;
    private bool _started;

    // Each value is placed within half a period (about 13 hours) of the previous one, forwards or
    // backwards. That keeps audio stamped slightly behind video on the right side of a wrap, and
    // is the only assumption: a jump of more than 13 hours is read as a step the other way.
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

        _last += delta;
        return _last;
    }
}
