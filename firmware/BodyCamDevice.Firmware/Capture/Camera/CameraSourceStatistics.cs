// A snapshot of the camera source's counters since it was created (all runs together).
// VideoFrames/AudioFrames: access units handed to the pre-record buffer; Bytes: their MPEG-TS bytes.
// RefusedFrames: units the buffer did not keep (video before a run's first keyframe, or no room);
// UntimedUnits: units dropped because their PES header had no timestamp (none is ever invented);
// DamagedUnits: units dropped as garbage: torn (the splitter flagged lost or resynchronised
// packets), keyframes without SPS/PPS, or timestamps off the run's timeline (PreRecordSink).
// Runs: encoder processes started; Restarts = Runs - 1.
namespace BodyCamDevice.Firmware.Capture.Camera;

public readonly record struct CameraSourceStatistics(
    long VideoFrames,
    long AudioFrames,
    long Bytes,
    long RefusedFrames,
    long UntimedUnits,
    long DamagedUnits,
    int Runs,
    StreamClockSample? LatestVideo)
{
    public int Restarts => Math.Max(0, Runs - 1);

    public long? LatestVideoPts => LatestVideo?.Pts;
}
