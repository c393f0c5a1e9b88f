// The few facts a manifest states about the video, read from the H.264 sequence parameter set at
// the start of the clip's first keyframe (ITU-T H.264, 7.3.2.1.1): profile, level and the coded
// picture size after cropping. Read here rather than asked of ffprobe (a second process and a
// file read per clip on the device) or scraped from ffmpeg's log (a format meant for people,
// which changes between versions): the SPS is the authority the decoder itself uses, and its
// bytes are already in hand. The frame rate is not taken from the SPS (its timing info is
// optional and encoders differ); the clip measures it from the frame timestamps it wrote.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed record H264SequenceParameterSet(int ProfileIdc, int LevelIdc, int Width, int Height)
{
    public string Profile => ProfileIdc switch
    {
        66 => "Baseline",
        77 => "Main",
        88 => "Extended",
        100 => "High",
        110 => "High 10",
        122 => "High 4:2:2",
        244 => "High 4:4:4 Predictive",
        _ => $"profile_idc {ProfileIdc}",
    };

    // chroma_format_idc (1 is 4:2:0) and the sample bit depths; the MP4 decoder configuration
    // repeats them for the High profiles. Their defaults are what the other profiles imply.
    public int ChromaFormat { get; init; } = 1;

    public int BitDepthLuma { get; init; } = 8;

    public int BitDepthChroma { get; init; } = 8;

    // level_idc is ten times the level number: 31 is level 3.1.
    public string Level => $"{LevelIdc / 10}.{LevelIdc % 10}";

    // annexB: the start of an access unit in Annex B byte-stream format.
    public static H264SequenceParameterSet? Find(ReadOnlySpan<byte> annexB) =>
        Parse(Mp4.H264AnnexB.Find(annexB, Mp4.H264AnnexB.NalTypeSps));

    // nal: one SPS NAL unit, header byte included; null when it is not one or cannot be read.
    public static H264SequenceParameterSet? Parse(ReadOnlySpan<byte> nal) =>
        nal.Length > 1 && (nal[0] & 0x1F) == Mp4.H264AnnexB.NalTypeSps ? TryParse(nal[1..]) : null;

    // rbsp: the SPS after its one-byte NAL header, emulation prevention bytes still in place.
    private static H264SequenceParameterSet? TryParse(ReadOnlySpan<byte> rbsp)
    {
        var bits = new ExpGolombReader(rbsp);
        try
        {
            int profile = bits.Bits(8);
            bits.Bits(8); // constraint flags and reserved bits
            int level = bits.Bits(8);
            bits.Unsigned(); // seq_parameter_set_id
            int chromaFormat = 1;
            int bitDepthLuma = 8;
            int bitDepthChroma = 8;
            bool separateColourPlanes = false;
            if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
            {
                chromaFormat = bits.Unsigned();
                if (chromaFormat == 3)
                {
                    separateColourPlanes = bits.Bits(1) == 1;
                }

                bitDepthLuma = bits.Unsigned() + 8;
                bitDepthChroma = bits.Unsigned() + 8;
                bits.Bits(1); // qpprime_y_zero_transform_bypass_flag
                if (bits.Bits(1) == 1)
                {
                    SkipScalingMatrices(ref bits, chromaFormat == 3 ? 12 : 8);
                }
            }

            bits.Unsigned(); // log2_max_frame_num_minus4
            int pictureOrderCountType = bits.Unsigned();
            if (pictureOrderCountType == 0)
            {
                bits.Unsigned(); // log2_max_pic_order_cnt_lsb_minus4
            }
            else if (pictureOrderCountType == 1)
            {
                bits.Bits(1); // delta_pic_order_always_zero_flag
                bits.Signed(); // offset_for_non_ref_pic
                bits.Signed(); // offset_for_top_to_bottom_field
                int cycle = bits.Unsigned();
                for (int n = 0; n < cycle; n++)
                {
                    bits.Signed();
                }
            }

            bits.Unsigned(); // max_num_ref_frames
            bits.Bits(1); // gaps_in_frame_num_value_allowed_flag
            int widthInMacroblocks = bits.Unsigned() + 1;
            int heightInMapUnits = bits.Unsigned() + 1;
            int frameMbsOnly = bits.Bits(1);
            if (frameMbsOnly == 0)
            {
                bits.Bits(1); // mb_adaptive_frame_field_flag
            }

            bits.Bits(1); // direct_8x8_inference_flag
            int width = widthInMacroblocks * 16;
            int height = (2 - frameMbsOnly) * heightInMapUnits * 16;
            if (bits.Bits(1) == 1)
            {
                // Crop offsets count in chroma sample units (Table 6-1 and equations 7-19 to 7-22).
                int chroma = separateColourPlanes ? 0 : chromaFormat;
                int cropUnitX = chroma is 1 or 2 ? 2 : 1;
                int cropUnitY = (chroma == 1 ? 2 : 1) * (2 - frameMbsOnly);
                width -= cropUnitX * (bits.Unsigned() + bits.Unsigned());
                height -= cropUnitY * (bits.Unsigned() + bits.Unsigned());
            }

            return width > 0 && height > 0
                ? new H264SequenceParameterSet(profile, level, width, height)
                {
                    ChromaFormat = chromaFormat, BitDepthLuma = bitDepthLuma, BitDepthChroma = bitDepthChroma,
                }
                : null;
        }
        catch (IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static void SkipScalingMatrices(ref ExpGolombReader bits, int count)
    {
        for (int list = 0; list < count; list++)
        {
            if (bits.Bits(1) == 0)
            {
                continue;
            }

            int size = list < 6 ? 16 : 64;
            int last = 8;
            int next = 8;
            for (int n = 0; n < size && next != 0; n++)
            {
                next = (last + bits.Signed() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }
    }
}
