// The one time axis every API answer uses: milliseconds since the rig was created, from the
// device's TimeProvider timestamps (monotonic; on virtual time they move with virtual time).
// A rig reads "t" from the status, acts, then asks for edges "since" that t.
namespace BodyCamDevice.ControlApi.Rig;

public sealed class RigTimeline(TimeProvider time)
{
    private readonly long _origin = time.GetTimestamp();

    public TimeProvider Time => time;

    public double NowMs => Ms(time.GetTimestamp());

    public double Ms(long timestamp) => Math.Round((timestamp - _origin) * 1000.0 / time.TimestampFrequency, 3);

    public long Timestamp(double ms) => _origin + (long)Math.Round(ms * time.TimestampFrequency / 1000.0);
}
