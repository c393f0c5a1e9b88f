// The waits between restarts of a failing camera: InitialDelay, then doubling with each further
// consecutive failure, never above MaximumDelay (0.5, 1, 2, 4, 8, 16, 30, 30 ... s by default).
// Reset after a healthy run. Pure; used under the supervisor's lock.
namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed class RestartBackoff(TimeSpan initialDelay, TimeSpan maximumDelay)
{
    private int _consecutiveFailures;

    public int ConsecutiveFailures => _consecutiveFailures;

    // The wait before the next restart; counts one more failure.
    public TimeSpan Next()
    {
        // Past 2^30 the delay is long capped; stop doubling before the arithmetic overflows.
        int doublings = Math.Min(_consecutiveFailures, 30);
        _consecutiveFailures++;
        double ticks = initialDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= maximumDelay.Ticks ? maximumDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Reset() => _consecutiveFailures = 0;
}
