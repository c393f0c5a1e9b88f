// The SNTP packet and arithmetic on fixed values: timestamps in both NTP eras, offset and delay by
// RFC 4330's formulas, and every answer section 5 says to discard.
using BodyCamDevice.Firmware.Offload.Sntp;

namespace BodyCamDevice.Offload.Tests.Sntp;

public class SntpPacketTests
{
    private static readonly DateTimeOffset Sent = new(2026, 3, 1, 9, 0, 0, 125, TimeSpan.Zero);

    [Test]
    public void TimestampsRoundTripInBothEras()
    {
        foreach (var time in new[] { Sent, new DateTimeOffset(2036, 2, 7, 6, 28, 15, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, 500, TimeSpan.Zero) })
        {
            var bytes = new byte[8];
            SntpPacket.WriteTimestamp(bytes, time);
            Assert.That((SntpPacket.ReadTimestamp(bytes) - time).Duration(), Is.LessThan(TimeSpan.FromTicks(2)), time.ToString("O"));
        }

        var known = new byte[8];
        SntpPacket.WriteTimestamp(known, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.That(Convert.ToHexString(known), Is.EqualTo("ED4E7E9000000000"), "3981344400 s since 1900 (Unix 1772355600 + 2208988800)");
    }

    [Test]
    public void OffsetAndDelayFollowTheRfc()
    {
        // The device is 2 s slow; 40 ms each way; the server takes 10 ms.
        var t1 = Sent;
        var reply = new SntpReply(2, Sent.AddSeconds(2).AddMilliseconds(40), Sent.AddSeconds(2).AddMilliseconds(50), "192.0.2.1");
        var t4 = Sent.AddMilliseconds(90);

        var measurement = SntpMeasurement.Compute(t1, reply, t4);

        Assert.That(measurement.Offset, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(measurement.Delay, Is.EqualTo(TimeSpan.FromMilliseconds(80)));
        Assert.That(measurement.Exceeds(TimeSpan.FromSeconds(1)), Is.True);
        Assert.That(measurement.CorrectedTime, Is.EqualTo(Sent.AddSeconds(2).AddMilliseconds(90)));
    }

    [Test]
    public void AGoodAnswerIsRead()
    {
        var request = SntpPacket.Request(Sent);
        var reply = SntpPacket.Parse(Answer(request), request);

        Assert.That(reply.Stratum, Is.EqualTo(2));
        Assert.That(reply.ReferenceId, Is.EqualTo("192.0.2.1"));
        Assert.That((reply.Transmit - Sent.AddSeconds(1)).Duration(), Is.LessThan(TimeSpan.FromTicks(2)));
    }

    [TestCase("mode", "mode 3")]
    [TestCase("version", "version 3")]
    [TestCase("originate", "another request")]
    [TestCase("kiss", "kiss-o'-death RATE")]
    [TestCase("unsynchronised", "not synchronised")]
    [TestCase("no-transmit", "transmit timestamp is zero")]
    [TestCase("short", "47 bytes")]
    public void AnAnswerToDiscardIsRefusedSayingWhy(string fault, string message)
    {
        var request = SntpPacket.Request(Sent);
        var answer = Answer(request);
        switch (fault)
        {
            case "mode": answer[0] = (byte)((answer[0] & ~7) | 3); break;
            case "version": answer[0] = (byte)((answer[0] & ~0x38) | (3 << 3)); break;
            case "originate": answer[31] ^= 1; break;
            case "kiss": answer[1] = 0; "RATE"u8.CopyTo(answer.AsSpan(12)); break;
            case "unsynchronised": answer[0] |= 0xC0; break;
            case "no-transmit": Array.Clear(answer, 40, 8); break;
            case "short": answer = answer[..47]; break;
        }

        Assert.That(() => SntpPacket.Parse(answer, request), Throws.TypeOf<SntpException>().With.Message.Contains(message));
    }

    private static byte[] Answer(byte[] request)
    {
        var answer = new byte[48];
        answer[0] = (4 << 3) | 4;
        answer[1] = 2;
        answer[12] = 192;
        answer[14] = 2;
        answer[15] = 1;
        request.AsSpan(40, 8).CopyTo(answer.AsSpan(24));
        SntpPacket.WriteTimestamp(answer.AsSpan(32), Sent.AddSeconds(1));
        SntpPacket.WriteTimestamp(answer.AsSpan(40), Sent.AddSeconds(1));
        return answer;
    }
}
