// The clock at the dock: when the connection names the store as the time source
// (ContentDestinationAsNTPServer), the camera asks the host of its authentication URI by SNTP
// (RFC 4330), audits the offset, and beyond 1 s sets its clock where it is allowed to (an
// IClockSetter); a clock set, or found right, clears the clock-not-set alarm. A failed question
// is audited and the offload goes on: the time is a bonus of the dock, the footage is not.
using System.Globalization;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Hardware.Clock;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Sntp;

namespace BodyCamDevice.Firmware.Offload.Dock;

internal static class DockClock
{
    /// <summary>Beyond this the device sets its clock.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task CheckAsync(ConnectionSettings connection, DockOffloadPorts ports, DateTimeOffset earliestValidTime, DeviceController controller, TimeProvider time, CancellationToken cancellationToken)
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

        if (!measurement.Exceeds(Threshold))
        {
            if (time.GetUtcNow() >= earliestValidTime)
            {
                controller.SetCondition(AlarmKind.ClockNotSet, false);
            }

            return;
        }

        // The offset holds for the moment of the answer; the clock has moved on since.
        var corrected = time.GetUtcNow() + measurement.Offset;
        if (ports.Clock is not { } clock)
        {
            controller.AuditOffload("clock-not-set", ("offsetSeconds", Seconds(measurement.Offset)), ("reason", "this device may not set its clock"));
            return;
        }

        if (!clock.TrySet(corrected, out var problem))
        {
            controller.AuditOffload("clock-not-set", ("offsetSeconds", Seconds(measurement.Offset)), ("reason", problem ?? "refused"));
            return;
        }

        controller.AuditOffload("clock-set", ("offsetSeconds", Seconds(measurement.Offset)), ("utc", corrected.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)), ("source", $"SNTP {host}:{ports.NtpPort}"));
        if (corrected >= earliestValidTime)
        {
            controller.SetCondition(AlarmKind.ClockNotSet, false);
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture);
}
