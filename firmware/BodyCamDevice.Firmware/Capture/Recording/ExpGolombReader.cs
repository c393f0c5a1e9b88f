// Reads the bit fields of an H.264 RBSP (ITU-T H.264, 7.2 and 9.1): fixed-width fields and
// Exp-Golomb codes, skipping the emulation prevention byte of every 00 00 03 sequence on the way.
// Reading past the end throws IndexOutOfRangeException, which the parser treats as "not an SPS".
namespace BodyCamDevice.Firmware.Capture.Recording;

internal ref struct ExpGolombReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _byte;
    private int _bit;
    private int _zeros;

    public ExpGolombReader(ReadOnlySpan<byte> data)
    {
        _data = data;
    }

    public int Bits(int count)
    {
        int value = 0;
        for (int n = 0; n < count; n++)
        {
            value = (value << 1) | NextBit();
        }

        return value;
    }

    // ue(v)
    public int Unsigned()
    {
        int leadingZeros = 0;
        while (NextBit() == 0)
        {
            if (++leadingZeros > 31)
            {
                throw new IndexOutOfRangeException("Exp-Golomb code longer than 32 bits");
            }
        }

        return (int)((1L << leadingZeros) - 1 + Bits(leadingZeros));
    }

    // se(v): 1, 2, 3, 4 ... map to 1, -1, 2, -2 ...
    public int Signed()
    {
        int code = Unsigned();
        return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
    }

    private int NextBit()
    {
        if (_bit == 0)
        {
            if (_zeros >= 2 && _data[_byte] == 3)
            {
                _byte++;
                _zeros = 0;
            }

            _zeros = _data[_byte] == 0 ? _zeros + 1 : 0;
        }

        int bit = (_data[_byte] >> (7 - _bit)) & 1;
        if (++_bit == 8)
        {
            _bit = 0;
            _byte++;
        }

        return bit;
    }
}
