using System.Text;
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class PsiParserTests
{
    [Test]
    public void Crc_matches_the_published_check_value_of_crc32_mpeg2()
    {
        Assert.That(Crc32Mpeg2.Compute(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0x0376E6E7u));
    }

    [Test]
    public void Pat_gives_the_pmt_pid_of_the_first_program()
    {
        byte[] packet = new TsStreamBuilder().Pat(pmtPid: 0x1234).ToArray();

        Assert.That(PsiParser.TryParsePat(packet, Header(packet), out int pmtPid), Is.True);
        Assert.That(pmtPid, Is.EqualTo(0x1234));
    }

    [Test]
    public void Pmt_gives_the_h264_and_aac_pids()
    {
        byte[] packet = new TsStreamBuilder().Pmt(videoPid: 0x200, audioPid: 0x201).ToArray();

        Assert.That(PsiParser.TryParsePmt(packet, Header(packet), out int videoPid, out int audioPid), Is.True);
        Assert.That(videoPid, Is.EqualTo(0x200));
        Assert.That(audioPid, Is.EqualTo(0x201));
    }

    [Test]
    public void Pmt_without_audio_reports_no_audio_pid()
    {
        byte[] packet = new TsStreamBuilder().Pmt(audioPid: -1).ToArray();

        Assert.That(PsiParser.TryParsePmt(packet, Header(packet), out int videoPid, out int audioPid), Is.True);
        Assert.That(videoPid, Is.EqualTo(TsStreamBuilder.VideoPid));
        Assert.That(audioPid, Is.EqualTo(PsiParser.NoPid));
    }

    [Test]
    public void A_table_with_a_wrong_crc_is_ignored()
    {
        byte[] packet = new TsStreamBuilder().Pmt().ToArray();
        packet[20] ^= 0x01;

        Assert.That(PsiParser.TryParsePmt(packet, Header(packet), out _, out _), Is.False);
    }

    [Test]
    public void A_pat_is_not_read_as_a_pmt()
    {
        byte[] packet = new TsStreamBuilder().Pat().ToArray();

        Assert.That(PsiParser.TryParsePmt(packet, Header(packet), out _, out _), Is.False);
    }

    private static TsPacketHeader Header(byte[] packet)
    {
        Assert.That(TsPacketHeader.TryParse(packet, out TsPacketHeader header), Is.True);
        return header;
    }
}
