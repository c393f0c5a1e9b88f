// Ties the stream's clock to the wall clock: the newest video frame's presentation timestamp
// (90 kHz ticks, unwrapped, exactly as stored in the pre-record buffer) and the UTC time that frame
// arrived from ffmpeg. Arrival trails capture by the encoder's latency (about one frame with
// zerolatency, plus the pipe), so a trigger mapped through this lands that much early in the stream,
// which the pre-roll covers. Run numbers the encoder process (1 for the first): every restart begins
// a new timeline, and a sample only maps timestamps of its own run.
namespace BodyCamDevice.Firmware.Capture.Camera;

public readonly record struct StreamClockSample(long Pts, DateTimeOffset ArrivedUtc, int Run)
{
    // The stream position (90 kHz ticks) that was live at utc, e.g. a trigger time.
    public long PtsAt(DateTimeOffset utc) => Pts + MediaClock.FromTimeSpan(utc - ArrivedUtc);

    // The wall-clock time of a frame of the same run, e.g. for a manifest's start and end times.
    public DateTimeOffset UtcAt(long pts) => ArrivedUtc + MediaClock.ToTimeSpan(pts - Pts);
}
