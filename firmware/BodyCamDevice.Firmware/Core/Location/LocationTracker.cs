// Keeps the newest GNSS fix and turns it into location samples: one for the trigger, and while
// recording a track point every Gnss.TrackInterval. A fix older than Gnss.FixMaxAge counts as
// none ("receiver silent"), so a receiver that stops talking is never reported as a position.
//
// Runs on the device loop only: fixes are posted in by the receiver's adapter, samples are taken
// by the controller. Track points are scheduled from the track's start, so they do not drift.
using System.Globalization;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Core.Location;

public sealed class LocationTracker
{
    private readonly IDeviceScheduler _scheduler;
    private readonly GnssOptions _options;
    private GnssFix? _latest;
    private long _latestAt;
    private IScheduledWork? _track;
    private long _trackDue;
    private Action<LocationSample>? _onTrackPoint;

    public LocationTracker(IDeviceScheduler scheduler, GnssOptions options)
    {
        _scheduler = scheduler;
        _options = options;
    }

    /// <summary>The newest report from the receiver, however old; null before the first.</summary>
    public GnssFix? Latest => _latest;

    public bool Tracking => _track is not null;

    public void OnFix(GnssFix fix)
    {
        _latest = fix;
        _latestAt = _scheduler.Time.GetTimestamp();
    }

    public LocationSample Sample()
    {
        var time = _scheduler.Time;
        var now = time.GetUtcNow();
        if (_latest is not { } fix)
        {
            return new LocationSample(null, now, null, "no fix: nothing heard from the receiver yet");
        }

        var age = time.GetElapsedTime(_latestAt);
        var ageSeconds = Math.Round(age.TotalSeconds, 3);
        if (age > _options.FixMaxAge)
        {
            return new LocationSample(null, now, null, $"no fix: receiver silent for {age.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        }

        return fix.HasFix
            ? new LocationSample(fix, now, ageSeconds, null)
            : new LocationSample(fix, now, ageSeconds, "no fix: the receiver reports no position");
    }

    /// <summary>Starts sampling every track interval; the first point comes one interval from now.</summary>
    public void StartTrack(Action<LocationSample> onTrackPoint)
    {
        StopTrack();
        _onTrackPoint = onTrackPoint;
        _trackDue = _scheduler.Time.GetTimestamp();
        ScheduleTrackPoint();
    }

    public void StopTrack()
    {
        _track?.Cancel();
        _track = null;
        _onTrackPoint = null;
    }

    private void ScheduleTrackPoint()
    {
        var time = _scheduler.Time;
        _trackDue += (long)(_options.TrackInterval.TotalSeconds * time.TimestampFrequency);
        _track = _scheduler.ScheduleAfter(time.GetElapsedTime(time.GetTimestamp(), _trackDue), () =>
        {
            _onTrackPoint?.Invoke(Sample());
            if (_onTrackPoint is not null)
            {
                ScheduleTrackPoint();
            }
        });
    }
}
