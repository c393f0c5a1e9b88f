// What the init segment says about each track: its codec configuration, taken from the clip's
// first keyframe and first audio unit, and where its first sample sits on the clip's timeline.
namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

// Delay: movie ticks (90 kHz) from the clip's start to the track's first presentation, an empty
// edit. MediaTime: the track's own time (its timescale) presented first, which is the first
// sample's composition offset for video and 0 for audio.
internal readonly record struct Mp4TrackStart(long Delay, long MediaTime);

// Sps and Pps: one NAL unit each, header byte included, emulation prevention bytes in place.
internal sealed record Mp4VideoTrackFormat(byte[] Sps, byte[] Pps, H264SequenceParameterSet Parameters, Mp4TrackStart Start)
{
    // AVCDecoderConfigurationRecord (ISO/IEC 14496-15, 5.3.3.1).
    public void WriteDecoderConfiguration(Mp4BoxWriter box)
    {
        box.UInt8(1); // configurationVersion
        box.UInt8(Sps[1]); // AVCProfileIndication
        box.UInt8(Sps[2]); // profile_compatibility
        box.UInt8(Sps[3]); // AVCLevelIndication
        box.UInt8(0xFC | (H264AnnexB.LengthFieldBytes - 1));
        box.UInt8(0xE0 | 1); // one SPS
        box.UInt16(Sps.Length);
        box.Bytes(Sps);
        box.UInt8(1); // one PPS
        box.UInt16(Pps.Length);
        box.Bytes(Pps);
        if (Parameters.ProfileIdc is 100 or 110 or 122 or 144)
        {
            box.UInt8(0xFC | Parameters.ChromaFormat);
            box.UInt8(0xF8 | (Parameters.BitDepthLuma - 8));
            box.UInt8(0xF8 | (Parameters.BitDepthChroma - 8));
            box.UInt8(0); // no SPS extensions
        }
    }
}

internal sealed record Mp4AudioTrackFormat(AdtsHeader Adts, Mp4TrackStart Start)
{
    // Samples in one AAC frame (raw_data_block) of the Low Complexity profile.
    public const int SamplesPerFrame = 1024;

    // ES_Descriptor (ISO/IEC 14496-1, 7.2.6.5) with the AudioSpecificConfig (ISO/IEC 14496-3,
    // 1.6.2.1) that the ADTS header's fields make: object type, sampling frequency index and
    // channel configuration, no extensions.
    public void WriteElementaryStreamDescriptor(Mp4BoxWriter box, uint trackId)
    {
        int frequency = Adts.SamplingFrequencyIndex;
        ReadOnlySpan<byte> config =
        [
            (byte)((Adts.ObjectType << 3) | (frequency >> 1)),
            (byte)(((frequency & 1) << 7) | (Adts.Channels << 3)),
        ];

        const int DecoderSpecificInfo = 2 + 2;
        const int DecoderConfig = 2 + 13 + DecoderSpecificInfo;
        const int SyncLayerConfig = 2 + 1;
        Descriptor(box, 0x03, 3 + DecoderConfig + SyncLayerConfig);
        box.UInt16((int)trackId); // ES_ID
        box.UInt8(0); // no dependence, URL or OCR stream

        Descriptor(box, 0x04, 13 + DecoderSpecificInfo);
        box.UInt8(0x40); // objectTypeIndication: MPEG-4 audio
        box.UInt8((0x05 << 2) | 1); // streamType audio, upStream 0, reserved 1
        box.UInt24(0); // bufferSizeDB: not known ahead
        box.UInt32(0); // maxBitrate
        box.UInt32(0); // avgBitrate

        Descriptor(box, 0x05, config.Length);
        box.Bytes(config);

        Descriptor(box, 0x06, 1);
        box.UInt8(0x02); // predefined: MP4 file
    }

    // Tag and a one-byte size: every descriptor here is shorter than 128 bytes.
    private static void Descriptor(Mp4BoxWriter box, int tag, int size)
    {
        box.UInt8(tag);
        box.UInt8(size);
    }
}
