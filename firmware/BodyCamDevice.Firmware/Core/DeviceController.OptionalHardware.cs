// DeviceController, part three: what the optional parts report. GNSS fixes go to the location
// tracker (trigger locations, the track while recording); the real-time clock's boot check
// raises the clock alarm, or clears it when a valid RTC and the system clock agree. The battery
// has its own BatteryMonitor, which reaches the alarm through SetCondition.
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Clock;
using BodyCamDevice.Firmware.Core.Location;

namespace BodyCamDevice.Firmware.Core;

public sealed partial class DeviceController
{
    private volatile GnssFix? _latestFix;
    private volatile RtcStatus? _rtcStatus;

    /// <summary>The newest report from the GNSS receiver; null without one (or before its first).</summary>
    public GnssFix? LatestGnssFix => _latestFix;

    /// <summary>The last RTC check; null on a device without an RTC (or before the check).</summary>
    public RtcStatus? Rtc => _rtcStatus;

    /// <summary>A fix decoded from the receiver (any thread). Ignored when Gnss is not enabled.</summary>
    public void OnGnssFix(GnssFix fix) => _loop.Post(() =>
    {
        if (_location is null)
        {
            return;
        }

        _location.OnFix(fix);
        _latestFix = fix;
    });

    /// <summary>The real-time clock as read at boot (any thread); checked against the system clock now.</summary>
    public void OnRtcRead(RtcReading reading) => _loop.Post(() =>
    {
        var now = _loop.Time.GetUtcNow();
        var verdict = RtcCheck.Evaluate(reading, now, _options.Clock, _options.Rtc);
        _rtcStatus = new RtcStatus(reading, verdict, now);
        _audit.Record("rtc", ("result", verdict.Valid ? "valid" : "invalid"), ("detail", verdict.Detail));
        if (!verdict.Valid)
        {
            _alarms.Set(AlarmKind.ClockNotSet, true);
        }
        else if (now >= _options.Clock.EarliestValidTime)
        {
            _alarms.Set(AlarmKind.ClockNotSet, false);
        }

        PublishStatus();
    });
}

/// <summary>The last RTC check: what was read, the verdict, and the system clock's time of the check.</summary>
public sealed record RtcStatus(RtcReading Reading, RtcVerdict Verdict, DateTimeOffset CheckedUtc);
