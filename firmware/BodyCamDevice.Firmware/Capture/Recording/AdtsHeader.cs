// The audio facts a manifest states, from the ADTS header in front of the first AAC frame
// (ISO/IEC 13818-7, 6.2): object type, sample rate and channel configuration. Seven bytes the
// clip already has; see H264SequenceParameterSet for why the firmware reads these itself.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed record AdtsHeader(int ObjectType, int SampleRate, int Channels)
{
    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    // The index of SampleRate in the standard's table, as the ADTS header and an MP4
    // AudioSpecificConfig both code it.
    public int SamplingFrequencyIndex => Array.IndexOf(SampleRates, SampleRate);

    public string Profile => ObjectType switch
    {
        1 => "Main",
        2 => "LC",
        3 => "SSR",
        4 => "LTP",
        _ => $"object type {ObjectType}",
    };

    // frame: the elementary-stream bytes of an audio unit, starting with its first ADTS header.
    public static AdtsHeader? TryParse(ReadOnlySpan<byte> frame)
    {
        if (!StartsWithSync(frame))
        {
            return null;
        }

        int objectType = (frame[2] >> 6) + 1;
        int rateIndex = (frame[2] >> 2) & 0x0F;
        int channels = ((frame[2] & 0x01) << 2) | (frame[3] >> 6);
        return rateIndex < SampleRates.Length ? new AdtsHeader(objectType, SampleRates[rateIndex], channels) : null;
    }

    // The ADTS frame at the start of data: its header's length (7, or 9 with a CRC) and the whole
    // frame's, header included. False when data does not start with a whole ADTS frame.
    public static bool TryReadFrame(ReadOnlySpan<byte> data, out int headerLength, out int frameLength)
    {
        headerLength = 0;
        frameLength = 0;
        if (!StartsWithSync(data))
        {
            return false;
        }

        headerLength = (data[1] & 0x01) != 0 ? 7 : 9; // protection_absent
        frameLength = ((data[3] & 0x03) << 11) | (data[4] << 3) | (data[5] >> 5);
        return frameLength > headerLength && frameLength <= data.Length;
    }

    // syncword 0xFFF, layer 0.
    private static bool StartsWithSync(ReadOnlySpan<byte> data) => data.Length >= 7 && data[0] == 0xFF && (data[1] & 0xF6) == 0xF0;
}
