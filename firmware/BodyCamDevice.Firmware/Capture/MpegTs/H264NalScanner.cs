// Finds the NAL unit types at the start of an H.264 Annex B access unit (ITU-T H.264, 7.4.1.2.3
// and B.1), fed piecewise with the elementary-stream bytes of consecutive TS packets, so a start
// code may be split between two calls.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal struct H264NalScanner
{
    private const int NalTypeNonIdrSlice = 1;
    private const int NalTypeIdrSlice = 5;
    private const int NalTypeSps = 7;
    private const int NalTypePps = 8;

    // The last bytes fed, newest in the low byte: a start code cut by a packet boundary is found
    // when the next call begins. All ones after Reset, so nothing matches across units.
    private uint _window;

    public bool SawSps { get; private set; }

    public bool SawPps { get; private set; }

    public bool SawIdrSlice { get; private set; }

    // Parameter sets precede the slices of their access unit and every slice of an IDR picture is
    // an IDR slice, so the first slice settles everything this scanner reports; scanning stops
    // there and the megabytes of slice data behind it are never looked at.
    public bool SawFirstSlice { get; private set; }

    public void Reset()
    {
        _window = uint.MaxValue;
        SawSps = false;
        SawPps = false;
        SawIdrSlice = false;
        SawFirstSlice = false;
    }

    public void Scan(ReadOnlySpan<byte> data)
    {
        // NAL headers at indices 0..2 may belong to a start code that began in the previous call.
        int prefix = Math.Min(data.Length, 3);
        for (int index = 0; index < prefix && !SawFirstSlice; index++)
        {
            if ((_window & 0x00FFFFFF) == 0x000001)
            {
                OnNalHeader(data[index]);
            }

            _window = (_window << 8) | data[index];
        }

        // From here every start code lies wholly in data: its 0x01 at index 2 or later, and a
        // 0x01 in the last byte is left to the window of the next call. IndexOf is vectorised.
        int searchFrom = 2;
        while (!SawFirstSlice && searchFrom <= data.Length - 2)
        {
            int found = data[searchFrom..^1].IndexOf((byte)0x01);
            if (found < 0)
            {
                break;
            }

            int one = searchFrom + found;
            if (data[one - 1] == 0 && data[one - 2] == 0)
            {
                OnNalHeader(data[one + 1]);
            }

            searchFrom = one + 1;
        }

        if (data.Length >= 3)
        {
            _window = (uint)((data[^3] << 16) | (data[^2] << 8) | data[^1]);
        }
    }

    private void OnNalHeader(byte header)
    {
        int type = header & 0x1F;
        if (type == NalTypeSps)
        {
            SawSps = true;
        }
        else if (type == NalTypePps)
        {
            SawPps = true;
        }
        else if (type is >= NalTypeNonIdrSlice and <= NalTypeIdrSlice)
        {
            SawIdrSlice = type == NalTypeIdrSlice;
            SawFirstSlice = true;
        }
    }
}
