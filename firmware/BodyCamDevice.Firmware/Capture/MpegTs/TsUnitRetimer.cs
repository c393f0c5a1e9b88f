// Moves an access unit's MPEG-TS packets in time, for a camera that replays recorded units
// (VirtualCameraSource): every timestamp in them (the PES header's PTS and DTS, a PCR in an
// adaptation field) is shifted by the same number of 90 kHz ticks, modulo the stream's 33 bits,
// and the continuity counters are renumbered per PID so the replayed stream reads as one unbroken
// stream. The packets then say what the pre-record buffer's index says about them.
//
// Not thread-safe: one instance per replayed stream, used by one thread at a time.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal sealed class TsUnitRetimer
{
    private const long TimestampModulus = 1L << 33;

    // The last continuity counter written per PID; absent before its first packet.
    private readonly Dictionary<int, int> _continuity = [];

    // The stream begins again (a new run of the camera): counters start over.
    public void Reset() => _continuity.Clear();

    // packets: whole 188-byte packets of one unit, changed in place. delta: ticks to add.
    public void Retime(Span<byte> packets, long delta)
    {
        for (int offset = 0; offset + TsPacket.Size <= packets.Length; offset += TsPacket.Size)
        {
            Span<byte> packet = packets.Slice(offset, TsPacket.Size);
            if (!TsPacketHeader.TryParse(packet, out TsPacketHeader header))
            {
                continue;
            }

            if (header.HasPayload)
            {
                int counter = _continuity.TryGetValue(header.Pid, out int last) ? (last + 1) & 0x0F : 0;
                _continuity[header.Pid] = counter;
                packet[3] = (byte)((packet[3] & 0xF0) | counter);
            }

            // adaptation_field_control with an adaptation field, one long enough for flags and PCR.
            bool hasAdaptation = (packet[3] & 0x20) != 0;
            if (hasAdaptation && packet[4] >= 7 && (packet[5] & 0x10) != 0)
            {
                ShiftPcr(packet[6..12], delta);
            }

            if (header.PayloadUnitStart && header.HasPayload)
            {
                ShiftPesTimestamps(packet[header.PayloadOffset..], delta);
            }
        }
    }

    private static void ShiftPesTimestamps(Span<byte> pes, long delta)
    {
        if (!PesHeader.TryParse(pes, out PesHeader header))
        {
            return;
        }

        if (header.HasPts)
        {
            WriteTimestamp(pes[9..14], header.Pts + delta);
        }

        if (header.HasDts)
        {
            WriteTimestamp(pes[14..19], header.Dts + delta);
        }
    }

    // 33 bits as 3 + 15 + 15, each group followed by a marker bit; the first byte's top four bits
    // (the '0010'/'0011'/'0001' prefix) are kept.
    private static void WriteTimestamp(Span<byte> field, long timestamp)
    {
        long value = Wrap(timestamp);
        field[0] = (byte)((field[0] & 0xF0) | (int)((value >> 29) & 0x0E) | 0x01);
        field[1] = (byte)(value >> 22);
        field[2] = (byte)(((value >> 14) & 0xFE) | 0x01);
        field[3] = (byte)(value >> 7);
        field[4] = (byte)(((value << 1) & 0xFE) | 0x01);
    }

    // program_clock_reference_base (33 bits), 6 reserved bits, the 9-bit extension (27 MHz part).
    private static void ShiftPcr(Span<byte> pcr, long delta)
    {
        long pcrBase = ((long)pcr[0] << 25) | ((long)pcr[1] << 17) | ((long)pcr[2] << 9) | ((long)pcr[3] << 1) | (long)(pcr[4] >> 7);
        long shifted = Wrap(pcrBase + delta);
        pcr[0] = (byte)(shifted >> 25);
        pcr[1] = (byte)(shifted >> 17);
        pcr[2] = (byte)(shifted >> 9);
        pcr[3] = (byte)(shifted >> 1);
        pcr[4] = (byte)((int)((shifted & 1) << 7) | (pcr[4] & 0x7F));
    }

    private static long Wrap(long timestamp) => ((timestamp % TimestampModulus) + TimestampModulus) % TimestampModulus;
}
