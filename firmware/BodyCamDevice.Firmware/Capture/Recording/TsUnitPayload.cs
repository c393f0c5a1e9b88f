// The elementary-stream bytes inside one access unit's TS packets: each packet's payload after
// its header and adaptation field, less the PES header at the start of the first. The writer
// reads the first bytes of a unit for the H.264 SPS or the ADTS header of the manifest, and the
// muxer copies a unit's elementary stream into its fragment.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Capture.Recording;

internal static class TsUnitPayload
{
    // Bytes of elementary stream in the unit.
    public static int Length(ReadOnlySpan<byte> packets) => Copy(packets, Span<byte>.Empty, count: true);

    // Copies the first destination.Length bytes of elementary stream (fewer if the unit is
    // shorter) and returns how many were copied.
    public static int CopyPrefix(ReadOnlySpan<byte> packets, Span<byte> destination) => Copy(packets, destination, count: false);

    private static int Copy(ReadOnlySpan<byte> packets, Span<byte> destination, bool count)
    {
        int total = 0;
        for (int offset = 0; offset + TsPacket.Size <= packets.Length; offset += TsPacket.Size)
        {
            ReadOnlySpan<byte> packet = packets.Slice(offset, TsPacket.Size);
            if (!TsPacketHeader.TryParse(packet, out TsPacketHeader header) || !header.HasPayload)
            {
                continue;
            }

            ReadOnlySpan<byte> payload = packet[header.PayloadOffset..];
            if (header.PayloadUnitStart)
            {
                if (!PesHeader.TryParse(payload, out PesHeader pes))
                {
                    return total;
                }

                payload = payload[pes.HeaderLength..];
            }

            if (!count)
            {
                int take = Math.Min(payload.Length, destination.Length - total);
                payload[..take].CopyTo(destination[total..]);
                if (take < payload.Length)
                {
                    return total + take;
                }
            }

            total += payload.Length;
        }

        return total;
    }
}
