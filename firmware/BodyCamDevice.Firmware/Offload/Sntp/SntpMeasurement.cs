// One SNTP exchange's result (RFC 4330 section 5): with T1 the request's departure and T4 the
// answer's arrival on the device's clock, T2 and T3 the server's, the device clock is behind by
// Offset = ((T2 − T1) + (T3 − T4)) / 2 and the round trip took Delay = (T4 − T1) − (T3 − T2).
// A positive offset means the device clock is slow. Pure: the client measures, the device decides.
namespace BodyCamDevice.Firmware.Offload.Sntp;

public sealed record SntpMeasurement(TimeSpan Offset, TimeSpan Delay, int Stratum, string ReferenceId, DateTimeOffset DeviceTimeAtAnswer)
{
    public static SntpMeasurement Compute(DateTimeOffset t1, SntpReply reply, DateTimeOffset t4)
    {
        var offset = ((reply.Receive - t1) + (reply.Transmit - t4)) / 2;
        var delay = (t4 - t1) - (reply.Transmit - reply.Receive);
        return new SntpMeasurement(offset, delay, reply.Stratum, reply.ReferenceId, t4);
    }

    /// <summary>The server's time at the answer, as well as one exchange can tell.</summary>
    public DateTimeOffset CorrectedTime => DeviceTimeAtAnswer + Offset;

    /// <summary>Whether the device should set its clock: off by more than <paramref name="threshold"/> (1 s at the dock).</summary>
    public bool Exceeds(TimeSpan threshold) => Offset.Duration() > threshold;
}
