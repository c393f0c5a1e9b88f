// Reads the top-level boxes of an MP4 file for tests that check a clip's layout on storage.
using System.Buffers.Binary;
using System.Text;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

internal static class Mp4Boxes
{
    // The whole top-level boxes from the start of the file, in order, with their sizes; stops at
    // a box that is cut off (a file still being written) or whose header makes no sense.
    public static List<(string Type, long Size)> Whole(byte[] file)
    {
        var boxes = new List<(string, long)>();
        for (long offset = 0; offset + 8 <= file.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan((int)offset));
            if (size < 8 || offset + size > file.Length)
            {
                break;
            }

            boxes.Add((Encoding.ASCII.GetString(file, (int)offset + 4, 4), size));
            offset += size;
        }

        return boxes;
    }
}
