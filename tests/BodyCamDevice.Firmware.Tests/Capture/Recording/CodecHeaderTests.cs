// The codec facts in the manifest come from the stream itself (SPS, ADTS header); they must say
// what ffprobe says, including a picture size that needs cropping (1080 is not a multiple of 16).
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
public class CodecHeaderTests
{
    [TestCase("320x240", 320, 240)]
    [TestCase("1920x1080", 1920, 1080)]
    [TestCase("642x362", 642, 362)]
    public void The_sps_gives_the_picture_size_ffprobe_reports(string size, int width, int height)
    {
        EncodedStream stream = MediaTools.Encode(0.2, size, audio: false);
        EncodedUnit keyframe = stream.Video.First();
        byte[] payload = new byte[keyframe.Packets.Length];
        int length = TsUnitPayload.CopyPrefix(keyframe.Packets, payload);

        H264SequenceParameterSet? sps = H264SequenceParameterSet.Find(payload.AsSpan(0, length));

        Assert.That(sps, Is.Not.Null);
        Assert.That((sps!.Width, sps.Height), Is.EqualTo((width, height)));
        Assert.That(sps.Profile, Is.EqualTo("Baseline"), "x264 ultrafast");
    }

    [Test]
    public void The_sps_of_a_high_profile_stream_is_read_past_its_extra_fields()
    {
        MediaTools.RequireFfmpeg();
        byte[] ts = FfmpegTool.Run("ffmpeg",
        [
            "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25",
            "-t", "0.2", "-c:v", "libx264", "-profile:v", "high", "-pix_fmt", "yuv420p", "-f", "mpegts", "pipe:1",
        ]);
        EncodedUnit keyframe = EncodedStream.Split(ts).Video.First();
        byte[] payload = new byte[keyframe.Packets.Length];
        int length = TsUnitPayload.CopyPrefix(keyframe.Packets, payload);

        H264SequenceParameterSet? sps = H264SequenceParameterSet.Find(payload.AsSpan(0, length));

        Assert.That(sps, Is.EqualTo(new H264SequenceParameterSet(100, 31, 1280, 720)));
        Assert.That((sps!.Profile, sps.Level), Is.EqualTo(("High", "3.1")));
    }

    [Test]
    public void The_adts_header_gives_profile_rate_and_channels()
    {
        EncodedStream stream = MediaTools.Encode(1);
        EncodedUnit audio = stream.Audio.First();
        byte[] payload = new byte[16];
        TsUnitPayload.CopyPrefix(audio.Packets, payload);

        Assert.That(AdtsHeader.TryParse(payload), Is.EqualTo(new AdtsHeader(2, 48000, 1)));
        Assert.That(AdtsHeader.TryParse(new byte[] { 0xFF, 0xF1, 0x50, 0x80, 0, 0, 0 }), Is.EqualTo(new AdtsHeader(2, 44100, 2)));
        Assert.That(AdtsHeader.TryParse(new byte[] { 0x47, 0x40, 0, 0, 0, 0, 0 }), Is.Null);
    }

    [Test]
    public void The_elementary_stream_length_is_what_the_packets_carry_after_their_headers()
    {
        EncodedStream stream = MediaTools.Encode(1);
        EncodedUnit keyframe = stream.Video.First();
        byte[] payload = new byte[keyframe.Packets.Length];

        int copied = TsUnitPayload.CopyPrefix(keyframe.Packets, payload);

        Assert.That(TsUnitPayload.Length(keyframe.Packets), Is.EqualTo(copied));
        Assert.That(copied, Is.LessThan(keyframe.Packets.Length).And.GreaterThan(keyframe.Packets.Length - keyframe.Packets.Length / 188 * 20));
        Assert.That(payload.AsSpan(0, 4).ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 1 }), "an Annex B start code");
        Assert.That(keyframe.Kind, Is.EqualTo(MediaStreamKind.Video));
    }
}
