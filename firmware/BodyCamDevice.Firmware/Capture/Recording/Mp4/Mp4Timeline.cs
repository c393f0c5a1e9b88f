// One stream's decode times on the clip's timeline: 90 kHz ticks since the stream's first unit.
// The encoder's timestamps are kept as they are, pauses included (frames lost show as a held
// picture of the length they were missing), unless they cannot be right for one timeline: a step
// backwards or a jump of more than 5 s, as when a restarted encoder's timestamps begin again
// inside the clip (a restart in the pre-record buffer before the trigger, say). Its first unit is
// then placed one usual step after the last one, as the pre-record buffer does for its window, so
// the track never runs backwards nor holds a long pause. The manifest lists the restart.
namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

internal sealed class Mp4Timeline
{
    // A step forward larger than this is a restart too (PreRecordBufferOptions' default).
    private static readonly long MaximumStep = MediaClock.FromTimeSpan(TimeSpan.FromSeconds(5));

    private readonly long _origin;
    private long _offset;
    private long _last = long.MinValue;

    // origin: the raw timestamp that is time 0. defaultStep: the step assumed until one is seen.
    public Mp4Timeline(long origin, long defaultStep)
    {
        _origin = origin;
        Step = defaultStep;
    }

    // The latest step between two units that followed each other normally, in 90 kHz ticks.
    public long Step { get; private set; }

    // Restarts found so far.
    public int Restarts { get; private set; }

    // rawTimestamp: the unit's decode timestamp as the encoder gave it.
    public long Place(long rawTimestamp)
    {
        long time = rawTimestamp + _offset - _origin;
        if (_last != long.MinValue)
        {
            long step = time - _last;
            if (step <= 0 || step > MaximumStep)
            {
                _offset += _last + Step - time;
                time = _last + Step;
                Restarts++;
            }
            else
            {
                Step = step;
            }
        }

        _last = time;
        return time;
    }
}
