// The start of a PES packet: start code, stream id and the optional header holding PTS and DTS.
// ISO/IEC 13818-1, 2.4.3.6 and 2.4.3.7.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal readonly struct PesHeader
{
    public byte StreamId { get; init; }

    public bool HasPts { get; init; }

    public bool HasDts { get; init; }

    // Raw 33-bit values in 90 kHz ticks, as written; TimestampUnwrapper makes them monotonic.
    public long Pts { get; init; }

    public long Dts { get; init; }

    // Offset of the first elementary-stream byte from the start of the PES packet.
    public int HeaderLength { get; init; }

    // Parses from the first payload byte of a packet with payload_unit_start_indicator set. The
    // whole header must lie in that packet: ffmpeg always writes it so (at most 19 bytes), and
    // returning false lets the caller flag the unit as having no timestamp instead of guessing.
    public static bool TryParse(ReadOnlySpan<byte> payload, out PesHeader header)
    {
        header = default;
        if (payload.Length < 6 || payload[0] != 0 || payload[1] != 0 || payload[2] != 1)
        {
            return false;
        }

        byte streamId = payload[3];
        if (!HasOptionalHeader(streamId))
        {
            header = new PesHeader { StreamId = streamId, HeaderLength = 6 };
            return true;
        }

        // The optional header starts with the bits '10'.
        if (payload.Length < 9 || (payload[6] & 0xC0) != 0x80)
        {
            return false;
        }

        int ptsDtsFlags = (payload[7] >> 6) & 0x03;
        int headerLength = 9 + payload[8];
        bool hasPts = ptsDtsFlags >= 2;
        bool hasDts = ptsDtsFlags == 3;
        int needed = 9 + (hasPts ? 5 : 0) + (hasDts ? 5 : 0);
        if (headerLength < needed || headerLength > payload.Length)
        {
            return false;
        }

        header = new PesHeader
        {
            StreamId = streamId,
            HasPts = hasPts,
            HasDts = hasDts,
            Pts = hasPts ? ReadTimestamp(payload[9..]) : 0,
            Dts = hasDts ? ReadTimestamp(payload[14..]) : 0,
            HeaderLength = headerLength,
        };
        return true;
    }

    // 33 bits spread over five bytes as 3 + 15 + 15 bits, each group followed by a marker bit.
    private static long ReadTimestamp(ReadOnlySpan<byte> field) =>
        ((long)(field[0] >> 1) & 0x07) << 30
        | (long)field[1] << 22
        | (long)(field[2] >> 1) << 15
        | (long)field[3] << 7
        | (long)(field[4] >> 1);

    // Table 2-21: these stream ids carry no PES_header_data (program_stream_map, padding,
    // private_stream_2, ECM, EMM, program_stream_directory, DSM-CC, H.222.1 type E).
    private static bool HasOptionalHeader(byte streamId) =>
        streamId is not (0xBC or 0xBE or 0xBF or 0xF0 or 0xF1 or 0xFF or 0xF2 or 0xF8);
}
