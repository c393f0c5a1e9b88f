// Walks the top-level boxes of a clip in clear, as a power cut left it, to find how much of it is
// whole: the init segment (ftyp, moov) and every complete fragment (moof with its mdat), with the
// free boxes that pad them. Stops at the first box that runs past the end of the file or makes no
// sense; what follows is the torn part. Reads box headers only, never the media.
using System.Buffers.Binary;

namespace BodyCamDevice.Firmware.Evidence.Recovery;

// WholeBytes: the end of the last whole part (0 when not even the init segment is whole).
public readonly record struct Mp4Parts(bool InitSegment, int Fragments, long WholeBytes);

public static class Mp4PartScan
{
    public static Mp4Parts Scan(Stream file)
    {
        long length = file.Length;
        long position = 0;
        long whole = 0;
        bool init = false, moofOpen = false;
        int fragments = 0;
        Span<byte> header = stackalloc byte[16];
        while (position + 8 <= length)
        {
            file.Position = position;
            file.ReadExactly(header[..8]);
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            string type = System.Text.Encoding.ASCII.GetString(header.Slice(4, 4));
            int headerLength = 8;
            if (size == 1)
            {
                if (position + 16 > length)
                {
                    break;
                }

                file.ReadExactly(header.Slice(8, 8));
                size = (long)BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
                headerLength = 16;
            }

            if (size < headerLength || position + size > length)
            {
                break;
            }

            position += size;
            switch (type)
            {
                case "moov":
                    init = true;
                    whole = position;
                    break;
                case "moof":
                    moofOpen = init;
                    break;
                case "mdat" when moofOpen:
                    moofOpen = false;
                    fragments++;
                    whole = position;
                    break;
                case "free" when !moofOpen && init:
                    whole = position;
                    break;
                case "ftyp" or "free" or "skip":
                    break;
                default:
                    // A box a fragmented clip of ours never has: the rest is not trusted.
                    return new Mp4Parts(init, fragments, whole);
            }
        }

        return new Mp4Parts(init, fragments, whole);
    }
}
