// CRC-32/MPEG-2 that ends every PSI section: polynomial 0x04C11DB7, MSB first, initial value
// 0xFFFFFFFF, no final XOR. Run over a whole section including its CRC field, it yields 0.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal static class Crc32Mpeg2
{
    private const uint Polynomial = 0x04C11DB7;

    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte value in data)
        {
            crc = (crc << 8) ^ Table[(int)((crc >> 24) ^ value)];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (int index = 0; index < table.Length; index++)
        {
            uint crc = (uint)index << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ Polynomial : crc << 1;
            }

            table[index] = crc;
        }

        return table;
    }
}
