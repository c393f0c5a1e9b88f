using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class PesHeaderTests
{
    [Test]
    public void Reads_pts_when_there_is_no_dts()
    {
        byte[] pes = [.. TsStreamBuilder.PesHeader(0xE0, 0x1_2345_6789, dts: null), 0, 0, 0, 1];

        Assert.That(PesHeader.TryParse(pes, out PesHeader header), Is.True);
        Assert.That(header.StreamId, Is.EqualTo(0xE0));
        Assert.That(header.HasPts, Is.True);
        Assert.That(header.HasDts, Is.False);
        Assert.That(header.Pts, Is.EqualTo(0x1_2345_6789));
        Assert.That(header.HeaderLength, Is.EqualTo(14));
    }

    [Test]
    public void Reads_pts_and_dts()
    {
        byte[] pes = TsStreamBuilder.PesHeader(0xE0, pts: 0x1_FFFF_FFFF, dts: 0x0_AAAA_5555);

        Assert.That(PesHeader.TryParse(pes, out PesHeader header), Is.True);
        Assert.That(header.HasPts && header.HasDts, Is.True);
        Assert.That(header.Pts, Is.EqualTo(0x1_FFFF_FFFF));
        Assert.That(header.Dts, Is.EqualTo(0x0_AAAA_5555));
        Assert.That(header.HeaderLength, Is.EqualTo(19));
    }

    [Test]
    public void Header_data_length_beyond_the_timestamps_is_skipped()
    {
        // Three stuffing bytes after the PTS.
        byte[] pes = [0, 0, 1, 0xC0, 0, 0, 0x80, 0x80, 8, .. TsStreamBuilder.Timestamp(0x20, 90_000), 0xFF, 0xFF, 0xFF, 0xAB];

        Assert.That(PesHeader.TryParse(pes, out PesHeader header), Is.True);
        Assert.That(header.Pts, Is.EqualTo(90_000));
        Assert.That(pes[header.HeaderLength], Is.EqualTo(0xAB));
    }

    [Test]
    public void A_header_without_timestamps_has_none()
    {
        byte[] pes = [0, 0, 1, 0xE0, 0, 0, 0x80, 0x00, 0];

        Assert.That(PesHeader.TryParse(pes, out PesHeader header), Is.True);
        Assert.That(header.HasPts, Is.False);
        Assert.That(header.HeaderLength, Is.EqualTo(9));
    }

    [Test]
    public void Padding_stream_has_no_optional_header()
    {
        Assert.That(PesHeader.TryParse([0, 0, 1, 0xBE, 0, 4, 0xFF, 0xFF], out PesHeader header), Is.True);
        Assert.That(header.HeaderLength, Is.EqualTo(6));
        Assert.That(header.HasPts, Is.False);
    }

    [Test]
    public void A_missing_start_code_is_rejected()
    {
        byte[] pes = TsStreamBuilder.PesHeader(0xE0, 1, null);
        pes[2] = 2;

        Assert.That(PesHeader.TryParse(pes, out _), Is.False);
    }

    [Test]
    public void A_header_cut_short_is_rejected()
    {
        byte[] pes = TsStreamBuilder.PesHeader(0xE0, 1, 2);

        Assert.That(PesHeader.TryParse(pes.AsSpan(0, 16), out _), Is.False);
    }
}
