// The fixed-size MPEG transport stream packet and the parts of its header the splitter reads
// (ISO/IEC 13818-1, 2.4.3.2 and 2.4.3.4).
namespace BodyCamDevice.Firmware.Capture.MpegTs;

public static class TsPacket
{
    public const int Size = 188;
    public const byte SyncByte = 0x47;
    public const int PatPid = 0x0000;
    public const int NullPid = 0x1FFF;
}

internal readonly struct TsPacketHeader
{
    public int Pid { get; init; }

    public bool PayloadUnitStart { get; init; }

    // Set by a demodulator for a packet with uncorrectable errors; nothing in it can be trusted.
    public bool TransportError { get; init; }

    public int ContinuityCounter { get; init; }

    public bool HasPayload { get; init; }

    // Offset of the payload from the start of the packet; TsPacket.Size when there is none.
    public int PayloadOffset { get; init; }

    // Adaptation field flags; false when the packet has no adaptation field.
    public bool Discontinuity { get; init; }

    public bool RandomAccess { get; init; }

    // False for a packet whose header contradicts itself (reserved adaptation_field_control, or an
    // adaptation field longer than the packet); such a packet is dropped, not guessed at.
    public static bool TryParse(ReadOnlySpan<byte> packet, out TsPacketHeader header)
    {
        header = default;
        if (packet.Length < TsPacket.Size || packet[0] != TsPacket.SyncByte)
        {
            return false;
        }

        int adaptationFieldControl = (packet[3] >> 4) & 0x03;
        if (adaptationFieldControl == 0)
        {
            return false;
        }

        bool hasAdaptation = (adaptationFieldControl & 0x02) != 0;
        bool hasPayload = (adaptationFieldControl & 0x01) != 0;
        int payloadOffset = 4;
        bool discontinuity = false;
        bool randomAccess = false;
        if (hasAdaptation)
        {
            int adaptationLength = packet[4];
            // Without payload the field fills the packet (183); with payload at least one byte is left.
            int maximum = hasPayload ? TsPacket.Size - 6 : TsPacket.Size - 5;
            if (adaptationLength > maximum)
            {
                return false;
            }

            if (adaptationLength > 0)
            {
                discontinuity = (packet[5] & 0x80) != 0;
                randomAccess = (packet[5] & 0x40) != 0;
            }

            payloadOffset = 5 + adaptationLength;
        }

        header = new TsPacketHeader
        {
            Pid = ((packet[1] & 0x1F) << 8) | packet[2],
            PayloadUnitStart = (packet[1] & 0x40) != 0,
            TransportError = (packet[1] & 0x80) != 0,
            ContinuityCounter = packet[3] & 0x0F,
            HasPayload = hasPayload,
            PayloadOffset = hasPayload ? payloadOffset : TsPacket.Size,
            Discontinuity = discontinuity,
            RandomAccess = randomAccess,
        };
        return true;
    }
}
