// H.264 in the two forms a recording meets: the Annex B byte stream the encoder writes into MPEG-TS
// (NAL units behind 00 00 01 start codes, ITU-T H.264 Annex B) and the length-prefixed samples an
// MP4 file holds (ISO/IEC 14496-15, 5.3.2: each NAL unit behind its size as a 4-byte big-endian
// number). Every NAL unit is kept as it is, parameter sets included: a decoder may start at any
// keyframe of the file, and a restarted encoder's new SPS/PPS reach it in band.
using System.Buffers;
using System.Buffers.Binary;

namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

internal static class H264AnnexB
{
    public const int NalTypeSps = 7;
    public const int NalTypePps = 8;

    // The size field in front of each NAL unit of a sample (lengthSizeMinusOne = 3 in avcC).
    public const int LengthFieldBytes = 4;

    private static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    // Appends the NAL units of one access unit as a sample; returns the sample's size in bytes.
    public static int WriteLengthPrefixed(ReadOnlySpan<byte> annexB, IBufferWriter<byte> sample)
    {
        int written = 0;
        int position = 0;
        while (Next(annexB, ref position, out ReadOnlySpan<byte> nal))
        {
            Span<byte> destination = sample.GetSpan(LengthFieldBytes + nal.Length);
            BinaryPrimitives.WriteInt32BigEndian(destination, nal.Length);
            nal.CopyTo(destination[LengthFieldBytes..]);
            sample.Advance(LengthFieldBytes + nal.Length);
            written += LengthFieldBytes + nal.Length;
        }

        return written;
    }

    // The first NAL unit of the given type (header byte included), or an empty span.
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> annexB, int nalType)
    {
        int position = 0;
        while (Next(annexB, ref position, out ReadOnlySpan<byte> nal))
        {
            if ((nal[0] & 0x1F) == nalType)
            {
                return nal;
            }
        }

        return [];
    }

    // The NAL unit after position: from behind its start code to the next start code, less the
    // zero bytes in front of that (a 4-byte start code's leading zero, trailing_zero_8bits).
    private static bool Next(ReadOnlySpan<byte> annexB, scoped ref int position, out ReadOnlySpan<byte> nal)
    {
        while (true)
        {
            int found = annexB[position..].IndexOf(StartCode);
            if (found < 0)
            {
                nal = [];
                return false;
            }

            int start = position + found + StartCode.Length;
            int next = annexB[start..].IndexOf(StartCode);
            int end = next < 0 ? annexB.Length : start + next;
            position = end;
            while (end > start && annexB[end - 1] == 0)
            {
                end--;
            }

            if (end > start)
            {
                nal = annexB[start..end];
                return true;
            }
        }
    }
}
