using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class TsPacketHeaderTests
{
    [Test]
    public void Reads_pid_unit_start_and_counter_of_a_payload_only_packet()
    {
        byte[] packet = NewPacket(0x47, 0x41, 0x00, 0x1A);

        Assert.That(TsPacketHeader.TryParse(packet, out TsPacketHeader header), Is.True);
        Assert.That(header.Pid, Is.EqualTo(0x100));
        Assert.That(header.PayloadUnitStart, Is.True);
        Assert.That(header.ContinuityCounter, Is.EqualTo(10));
        Assert.That(header.HasPayload, Is.True);
        Assert.That(header.PayloadOffset, Is.EqualTo(4));
        Assert.That(header.RandomAccess, Is.False);
    }

    [Test]
    public void Reads_random_access_and_discontinuity_from_the_adaptation_field()
    {
        byte[] packet = NewPacket(0x47, 0x01, 0x01, 0x33);
        packet[4] = 7;
        packet[5] = 0xD0;

        Assert.That(TsPacketHeader.TryParse(packet, out TsPacketHeader header), Is.True);
        Assert.That(header.Pid, Is.EqualTo(0x101));
        Assert.That(header.PayloadUnitStart, Is.False);
        Assert.That(header.Discontinuity, Is.True);
        Assert.That(header.RandomAccess, Is.True);
        Assert.That(header.PayloadOffset, Is.EqualTo(12));
    }

    [Test]
    public void An_adaptation_only_packet_has_no_payload()
    {
        byte[] packet = NewPacket(0x47, 0x01, 0x00, 0x25);
        packet[4] = 183;
        packet[5] = 0x10;

        Assert.That(TsPacketHeader.TryParse(packet, out TsPacketHeader header), Is.True);
        Assert.That(header.HasPayload, Is.False);
        Assert.That(header.PayloadOffset, Is.EqualTo(TsPacket.Size));
    }

    [TestCase(0x00, 0, TestName = "Rejects reserved adaptation_field_control")]
    [TestCase(0x30, 183, TestName = "Rejects an adaptation field that leaves no room for the payload")]
    [TestCase(0x20, 184, TestName = "Rejects an adaptation field longer than the packet")]
    public void Rejects_a_contradictory_header(int adaptationControl, int adaptationLength)
    {
        byte[] packet = NewPacket(0x47, 0x01, 0x00, (byte)adaptationControl);
        packet[4] = (byte)adaptationLength;

        Assert.That(TsPacketHeader.TryParse(packet, out _), Is.False);
    }

    [Test]
    public void Rejects_a_packet_without_sync_byte()
    {
        Assert.That(TsPacketHeader.TryParse(NewPacket(0x46, 0x01, 0x00, 0x10), out _), Is.False);
    }

    private static byte[] NewPacket(byte sync, byte second, byte third, byte fourth)
    {
        var packet = new byte[TsPacket.Size];
        packet[0] = sync;
        packet[1] = second;
        packet[2] = third;
        packet[3] = fourth;
        return packet;
    }
}
