// The init segment of a fragmented MP4 clip (ISO/IEC 14496-12): ftyp, then a moov with one track
// per stream, no samples (they all come in fragments, announced by mvex), and an edit list per
// track that places the track's first sample on the clip's common timeline. The layout follows
// what ffmpeg's mov muxer writes with empty_moov+delay_moov, which every player we test with
// (ffprobe, Chromium) reads.
//
// Timescales: the movie and the video track count 90 kHz ticks, the clock of the MPEG-TS
// timestamps, so nothing is rounded; the audio track counts samples.
namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

internal static class Mp4InitSegment
{
    public const int MovieTimescale = (int)MediaClock.TicksPerSecond;
    public const uint VideoTrackId = 1;
    public const uint AudioTrackId = 2;

    private const string Language = "und";

    public static void Write(Mp4BoxWriter box, Mp4VideoTrackFormat video, Mp4AudioTrackFormat? audio)
    {
        int ftyp = box.Begin("ftyp");
        box.FourCc("iso5");
        box.UInt32(512);
        box.FourCc("iso5");
        box.FourCc("iso6");
        box.FourCc("mp41");
        box.End(ftyp);

        int moov = box.Begin("moov");
        MovieHeader(box, audio is null ? VideoTrackId + 1 : AudioTrackId + 1);
        VideoTrack(box, video);
        if (audio is not null)
        {
            AudioTrack(box, audio);
        }

        int mvex = box.Begin("mvex");
        TrackExtends(box, VideoTrackId);
        if (audio is not null)
        {
            TrackExtends(box, AudioTrackId);
        }

        box.End(mvex);
        box.End(moov);
    }

    private static void MovieHeader(Mp4BoxWriter box, uint nextTrackId)
    {
        int mvhd = box.BeginFull("mvhd", 0, 0);
        box.UInt32(0); // creation time: the manifest holds the clip's times
        box.UInt32(0); // modification time
        box.UInt32(MovieTimescale);
        box.UInt32(0); // duration: unknown in a fragmented file
        box.UInt32(0x00010000); // rate 1.0
        box.UInt16(0x0100); // volume 1.0
        box.Zeros(2 + 8);
        box.UnityMatrix();
        box.Zeros(24); // pre_defined
        box.UInt32(nextTrackId);
        box.End(mvhd);
    }

    private static void VideoTrack(Mp4BoxWriter box, Mp4VideoTrackFormat video) =>
        Track(box, new TrackLayout(VideoTrackId, 0, 0, video.Parameters.Width, video.Parameters.Height, video.Start, MovieTimescale, "vide", "VideoHandler"),
            static box =>
            {
                int vmhd = box.BeginFull("vmhd", 0, 1);
                box.Zeros(8); // graphicsmode, opcolor
                box.End(vmhd);
            },
            box => VisualSampleEntry(box, video));

    private static void AudioTrack(Mp4BoxWriter box, Mp4AudioTrackFormat audio) =>
        Track(box, new TrackLayout(AudioTrackId, 1, 0x0100, 0, 0, audio.Start, audio.Adts.SampleRate, "soun", "SoundHandler"),
            static box =>
            {
                int smhd = box.BeginFull("smhd", 0, 0);
                box.Zeros(4); // balance, reserved
                box.End(smhd);
            },
            box => AudioSampleEntry(box, audio));

    // trak > tkhd, edts, mdia > mdhd, hdlr, minf > media header, dinf, stbl > stsd > sample entry.
    private static void Track(Mp4BoxWriter box, TrackLayout layout, Action<Mp4BoxWriter> mediaInformationHeader, Action<Mp4BoxWriter> sampleEntry)
    {
        int trak = box.Begin("trak");
        TrackHeader(box, layout);
        EditList(box, layout.Start);
        int mdia = box.Begin("mdia");
        MediaHeader(box, layout.Timescale);
        Handler(box, layout.HandlerType, layout.HandlerName);
        int minf = box.Begin("minf");
        mediaInformationHeader(box);
        DataInformation(box);
        int stbl = box.Begin("stbl");
        int stsd = box.BeginFull("stsd", 0, 0);
        box.UInt32(1);
        sampleEntry(box);
        box.End(stsd);
        EmptySampleTables(box);
        box.End(stbl);
        box.End(minf);
        box.End(mdia);
        box.End(trak);
    }

    private static void TrackHeader(Mp4BoxWriter box, TrackLayout layout)
    {
        // Flags: track enabled, in movie.
        int tkhd = box.BeginFull("tkhd", 0, 0x000003);
        box.UInt32(0);
        box.UInt32(0);
        box.UInt32(layout.TrackId);
        box.Zeros(4);
        box.UInt32(0); // duration
        box.Zeros(8);
        box.UInt16(0); // layer
        box.UInt16(layout.AlternateGroup);
        box.UInt16(layout.Volume);
        box.Zeros(2);
        box.UnityMatrix();
        box.UInt32((uint)layout.Width << 16);
        box.UInt32((uint)layout.Height << 16);
        box.End(tkhd);
    }

    // An empty edit for the time before the track's first sample, then the whole media from its
    // first presentation time (a segment duration of 0 in a fragmented file: to the end).
    private static void EditList(Mp4BoxWriter box, Mp4TrackStart start)
    {
        int edts = box.Begin("edts");
        int elst = box.BeginFull("elst", 1, 0);
        box.UInt32(start.Delay > 0 ? 2u : 1u);
        if (start.Delay > 0)
        {
            box.UInt64((ulong)start.Delay);
            box.Int64(-1);
            box.UInt32(0x00010000);
        }

        box.UInt64(0);
        box.Int64(start.MediaTime);
        box.UInt32(0x00010000);
        box.End(elst);
        box.End(edts);
    }

    private static void MediaHeader(Mp4BoxWriter box, int timescale)
    {
        int mdhd = box.BeginFull("mdhd", 0, 0);
        box.UInt32(0);
        box.UInt32(0);
        box.UInt32((uint)timescale);
        box.UInt32(0);

        // ISO-639-2/T code, three 5-bit letters less 0x60.
        box.UInt16(((Language[0] - 0x60) << 10) | ((Language[1] - 0x60) << 5) | (Language[2] - 0x60));
        box.UInt16(0);
        box.End(mdhd);
    }

    private static void Handler(Mp4BoxWriter box, string type, string name)
    {
        int hdlr = box.BeginFull("hdlr", 0, 0);
        box.UInt32(0);
        box.FourCc(type);
        box.Zeros(12);
        foreach (char c in name)
        {
            box.UInt8(c);
        }

        box.UInt8(0);
        box.End(hdlr);
    }

    // The media is in this file: one self-contained "url " entry.
    private static void DataInformation(Mp4BoxWriter box)
    {
        int dinf = box.Begin("dinf");
        int dref = box.BeginFull("dref", 0, 0);
        box.UInt32(1);
        int url = box.BeginFull("url ", 0, 1);
        box.End(url);
        box.End(dref);
        box.End(dinf);
    }

    private static void EmptySampleTables(Mp4BoxWriter box)
    {
        int stts = box.BeginFull("stts", 0, 0);
        box.UInt32(0);
        box.End(stts);
        int stsc = box.BeginFull("stsc", 0, 0);
        box.UInt32(0);
        box.End(stsc);
        int stsz = box.BeginFull("stsz", 0, 0);
        box.UInt32(0);
        box.UInt32(0);
        box.End(stsz);
        int stco = box.BeginFull("stco", 0, 0);
        box.UInt32(0);
        box.End(stco);
    }

    private static void VisualSampleEntry(Mp4BoxWriter box, Mp4VideoTrackFormat video)
    {
        int avc1 = box.Begin("avc1");
        box.Zeros(6);
        box.UInt16(1); // data_reference_index
        box.Zeros(16); // pre_defined, reserved
        box.UInt16(video.Parameters.Width);
        box.UInt16(video.Parameters.Height);
        box.UInt32(0x00480000); // 72 dpi
        box.UInt32(0x00480000);
        box.Zeros(4);
        box.UInt16(1); // frame_count
        box.Zeros(32); // compressorname
        box.UInt16(0x0018); // depth
        box.UInt16(0xFFFF); // pre_defined -1

        int avcC = box.Begin("avcC");
        video.WriteDecoderConfiguration(box);
        box.End(avcC);
        box.End(avc1);
    }

    private static void AudioSampleEntry(Mp4BoxWriter box, Mp4AudioTrackFormat audio)
    {
        int mp4a = box.Begin("mp4a");
        box.Zeros(6);
        box.UInt16(1); // data_reference_index
        box.Zeros(8);
        box.UInt16(audio.Adts.Channels);
        box.UInt16(16); // samplesize
        box.Zeros(4);
        box.UInt32((uint)audio.Adts.SampleRate << 16);

        int esds = box.BeginFull("esds", 0, 0);
        audio.WriteElementaryStreamDescriptor(box, AudioTrackId);
        box.End(esds);
        box.End(mp4a);
    }

    private static void TrackExtends(Mp4BoxWriter box, uint trackId)
    {
        int trex = box.BeginFull("trex", 0, 0);
        box.UInt32(trackId);
        box.UInt32(1); // default_sample_description_index
        box.UInt32(0);
        box.UInt32(0);
        box.UInt32(0);
        box.End(trex);
    }

    // Volume: 8.8 fixed point (0x0100 is full volume, 0 for video). Width and height in pixels
    // (0 for audio). Timescale: the track's units per second.
    private readonly record struct TrackLayout(
        uint TrackId, int AlternateGroup, int Volume, int Width, int Height, Mp4TrackStart Start, int Timescale, string HandlerType, string HandlerName);
}
