// Boxes written front to back get their sizes once they end, nested ones included.
using BodyCamDevice.Firmware.Capture.Recording.Mp4;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording.Mp4;

public class Mp4BoxWriterTests
{
    [Test]
    public void Nested_boxes_carry_their_own_sizes_big_endian()
    {
        var box = new Mp4BoxWriter(initialCapacity: 4);
        int outer = box.Begin("moof");
        int inner = box.BeginFull("mfhd", 0, 0);
        box.UInt32(7);
        box.End(inner);
        int offset = box.Reserve32();
        box.End(outer);
        box.Patch(offset, 0x01020304);

        byte[] expected =
        [
            0, 0, 0, 28, (byte)'m', (byte)'o', (byte)'o', (byte)'f',
            0, 0, 0, 16, (byte)'m', (byte)'f', (byte)'h', (byte)'d', 0, 0, 0, 0, 0, 0, 0, 7,
            1, 2, 3, 4,
        ];
        Assert.That(box.Written.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void A_box_type_must_have_four_characters() =>
        Assert.That(() => new Mp4BoxWriter().Begin("mdat!"), Throws.ArgumentException.With.Message.Contains("mdat!"));
}
