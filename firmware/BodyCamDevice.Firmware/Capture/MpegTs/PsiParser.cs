// Reads the two program-specific tables the splitter needs: the PAT (which PID carries the PMT)
// and the PMT (which PIDs carry H.264 video and AAC audio). ISO/IEC 13818-1, 2.4.4.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal static class PsiParser
{
    public const int NoPid = -1;

    private const byte PatTableId = 0x00;
    private const byte PmtTableId = 0x02;
    private const byte StreamTypeH264 = 0x1B;
    private const byte StreamTypeAacAdts = 0x0F;

    // Header bytes from table_id up to and including last_section_number.
    private const int SectionHeaderLength = 8;
    private const int CrcLength = 4;

    // The PMT PID of the first real program (program_number 0 points at the network PID).
    public static bool TryParsePat(ReadOnlySpan<byte> packet, in TsPacketHeader header, out int pmtPid)
    {
        pmtPid = NoPid;
        if (!TryGetSection(packet, header, PatTableId, out ReadOnlySpan<byte> section))
        {
            return false;
        }

        for (int entry = SectionHeaderLength; entry + 4 <= section.Length - CrcLength; entry += 4)
        {
            int programNumber = (section[entry] << 8) | section[entry + 1];
            if (programNumber != 0)
            {
                pmtPid = ((section[entry + 2] & 0x1F) << 8) | section[entry + 3];
                return true;
            }
        }

        return false;
    }

    // The first H.264 and the first AAC (ADTS) elementary stream; NoPid for one that is absent.
    // A PMT without H.264 video is still valid here: the splitter then produces no video units.
    public static bool TryParsePmt(
        ReadOnlySpan<byte> packet, in TsPacketHeader header, out int videoPid, out int audioPid)
    {
        videoPid = NoPid;
        audioPid = NoPid;
        if (!TryGetSection(packet, header, PmtTableId, out ReadOnlySpan<byte> section))
        {
            return false;
        }

        int end = section.Length - CrcLength;
        if (end < SectionHeaderLength + 4)
        {
            return false;
        }

        int programInfoLength = ((section[10] & 0x0F) << 8) | section[11];
        int entry = SectionHeaderLength + 4 + programInfoLength;
        while (entry + 5 <= end)
        {
            byte streamType = section[entry];
            int pid = ((section[entry + 1] & 0x1F) << 8) | section[entry + 2];
            int esInfoLength = ((section[entry + 3] & 0x0F) << 8) | section[entry + 4];
            if (streamType == StreamTypeH264 && videoPid == NoPid)
            {
                videoPid = pid;
            }
            else if (streamType == StreamTypeAacAdts && audioPid == NoPid)
            {
                audioPid = pid;
            }

            entry += 5 + esInfoLength;
        }

        return entry == end;
    }

    // Only a section that starts in this packet and ends in it is read. ffmpeg's PAT and PMT are a
    // few dozen bytes, so a table spread over several packets is not worth the reassembly state;
    // such a table is ignored (and the splitter keeps the previous one).
    private static bool TryGetSection(
        ReadOnlySpan<byte> packet, in TsPacketHeader header, byte tableId, out ReadOnlySpan<byte> section)
    {
        section = default;
        if (!header.PayloadUnitStart || !header.HasPayload)
        {
            return false;
        }

        ReadOnlySpan<byte> payload = packet[header.PayloadOffset..TsPacket.Size];
        int start = 1 + payload[0];
        if (start + 3 > payload.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = payload[start..];
        bool sectionSyntax = (rest[1] & 0x80) != 0;
        int sectionLength = ((rest[1] & 0x0F) << 8) | rest[2];
        int totalLength = 3 + sectionLength;
        if (rest[0] != tableId || !sectionSyntax || totalLength > rest.Length
            || totalLength < SectionHeaderLength + CrcLength)
        {
            return false;
        }

        section = rest[..totalLength];
        bool currentNotNext = (section[5] & 0x01) != 0;
        return currentNotNext && Crc32Mpeg2.Compute(section) == 0;
    }
}
