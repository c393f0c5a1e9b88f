// Annex B to MP4 samples: every NAL unit behind its 4-byte length, whatever start codes and
// padding the encoder used.
using System.Buffers;
using BodyCamDevice.Firmware.Capture.Recording.Mp4;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording.Mp4;

public class H264AnnexBTests
{
    // 4-byte and 3-byte start codes, a zero_byte before a start code, trailing zeros at the end.
    private static readonly byte[] AccessUnit =
    [
        0, 0, 0, 1, 0x67, 0xAA, 0xBB,
        0, 0, 1, 0x68, 0xCC,
        0, 0, 0, 1, 0x65, 0xDD, 0x00, 0x03, 0xEE,
        0, 0,
    ];

    [Test]
    public void Each_nal_unit_goes_behind_its_length_without_start_codes_or_padding()
    {
        var sample = new ArrayBufferWriter<byte>();

        int size = H264AnnexB.WriteLengthPrefixed(AccessUnit, sample);

        byte[] expected =
        [
            0, 0, 0, 3, 0x67, 0xAA, 0xBB,
            0, 0, 0, 2, 0x68, 0xCC,
            0, 0, 0, 5, 0x65, 0xDD, 0x00, 0x03, 0xEE,
        ];
        Assert.That(sample.WrittenSpan.ToArray(), Is.EqualTo(expected));
        Assert.That(size, Is.EqualTo(expected.Length));
    }

    [Test]
    public void The_parameter_sets_are_found_by_type()
    {
        Assert.That(H264AnnexB.Find(AccessUnit, H264AnnexB.NalTypeSps).ToArray(), Is.EqualTo(new byte[] { 0x67, 0xAA, 0xBB }));
        Assert.That(H264AnnexB.Find(AccessUnit, H264AnnexB.NalTypePps).ToArray(), Is.EqualTo(new byte[] { 0x68, 0xCC }));
        Assert.That(H264AnnexB.Find(AccessUnit[7..], H264AnnexB.NalTypeSps).IsEmpty, Is.True);
    }

    [Test]
    public void Bytes_without_a_start_code_make_no_sample()
    {
        var sample = new ArrayBufferWriter<byte>();

        Assert.That(H264AnnexB.WriteLengthPrefixed([0x65, 0x11, 0x22, 0, 0], sample), Is.Zero);
        Assert.That(sample.WrittenCount, Is.Zero);
    }
}
