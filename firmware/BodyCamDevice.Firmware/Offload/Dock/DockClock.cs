// The clock at the dock: when the connection names the store as the time source
// (ContentDestinationAsNTPServer), the camera asks the host of its authentication URI by SNTP
// (RFC 4330), audits the offset, and beyond 1 s sets its clock where it is allowed to (an
// IClockSetter), then the fitted RTC (an IRtcSetter) to the same time; a clock set, or found
// right, clears the clock-not-set alarm. The check (offset, source, whether the clock and the
// RTC were set) is kept for the manifests sealed after it (ClockSyncRecord). A failed question,
// an RTC that cannot be set or a record that cannot be written is audited and the offload goes
// on: the time is a bonus of the dock, the footage is not.
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Sntp;

namespace BodyCamDevice.Firmware.Offload.Dock;

internal static class DockClock
{
    /// <summary>Beyond this the device sets its clock.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task CheckAsync(ConnectionSettings connection, DockOffloadPorts ports, DateTimeOffset earliestValidTime, DeviceController controller, TimeProvider time,
        ClockSyncRecord? record, CancellationToken cancellationToken)
    {
        if (!connection.ContentDestinationAsNtpServer)
        {
            return;
        }

        var host = connection.AuthenticationUris[0].Host;
        SntpMeasurement measurement;
        try
        {
            measurement = await new SntpClient(time).QueryAsync(host, ports.NtpPort, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SntpException exception)
        {
            controller.AuditOffload("clock-check-failed", ("server", $"{host}:{ports.NtpPort}"), ("reason", exception.Message));
            return;
        }

        controller.AuditOffload("clock-offset",
            ("server", $"{host}:{ports.NtpPort}"),
            ("offsetSeconds", Seconds(measurement.Offset)),
            ("delaySeconds", Seconds(measurement.Delay)),
            ("stratum", measurement.Stratum.ToString(CultureInfo.InvariantCulture)),
            ("reference", measurement.ReferenceId));

        var (stepped, rtcSet) = measurement.Exceeds(Threshold)
            ? SetClocks(measurement, ports, earliestValidTime, controller, time, host)
            : (false, (bool?)null);
        if (!measurement.Exceeds(Threshold) && time.GetUtcNow() >= earliestValidTime)
        {
            controller.SetCondition(AlarmKind.ClockNotSet, false);
        }

        Keep(record, measurement, $"sntp://{host}:{ports.NtpPort.ToString(CultureInfo.InvariantCulture)}", stepped, rtcSet, controller);
    }

    // Beyond the threshold: the system clock, then the RTC. Whether each was set (null: no RTC to set).
    private static (bool Stepped, bool? RtcSet) SetClocks(SntpMeasurement measurement, DockOffloadPorts ports, DateTimeOffset earliestValidTime, DeviceController controller, TimeProvider time, string host)
    {
        // The offset holds for the moment of the answer; the clock has moved on since.
        var corrected = time.GetUtcNow() + measurement.Offset;
        if (ports.Clock is not { } clock)
        {
            controller.AuditOffload("clock-not-set", ("offsetSeconds", Seconds(measurement.Offset)), ("reason", "this device may not set its clock"));
            return (false, null);
        }

        if (!clock.TrySet(corrected, out var problem))
        {
            controller.AuditOffload("clock-not-set", ("offsetSeconds", Seconds(measurement.Offset)), ("reason", problem ?? "refused"));
            return (false, null);
        }

        long setAt = time.GetTimestamp();
        controller.AuditOffload("clock-set", ("offsetSeconds", Seconds(measurement.Offset)), ("utc", Utc(corrected)), ("source", $"SNTP {host}:{ports.NtpPort}"));
        if (corrected >= earliestValidTime)
        {
            controller.SetCondition(AlarmKind.ClockNotSet, false);
        }

        if (ports.Rtc is not { } rtc)
        {
            return (true, null);
        }

        // The time the clock was set to, moved on by what has passed since (the monotonic clock:
        // the wall clock is the one just set).
        var now = corrected + time.GetElapsedTime(setAt);
        if (!rtc.TrySet(now, out var rtcProblem))
        {
            controller.AuditOffload("rtc-not-set", ("rtc", rtc.Name), ("reason", rtcProblem ?? "refused"));
            return (true, false);
        }

        controller.AuditOffload("rtc-set", ("rtc", rtc.Name), ("utc", Utc(now)));
        return (true, true);
    }

    private static void Keep(ClockSyncRecord? record, SntpMeasurement measurement, string source, bool stepped, bool? rtcSet, DeviceController controller)
    {
        if (record is null)
        {
            return;
        }

        var at = measurement.CorrectedTime;
        var sync = new ManifestClockSync(ManifestJson.Utc(at), at.ToUnixTimeMilliseconds(), source,
            Math.Round(measurement.Offset.TotalSeconds, 6), Math.Round(measurement.Delay.TotalSeconds, 6), stepped, rtcSet);
        try
        {
            record.Record(sync);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Kept in memory all the same: the manifests until the next restart still carry it.
            controller.AuditOffload("clock-sync-not-kept", ("reason", exception.Message));
        }
    }

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
}
