using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class H264NalScannerTests
{
    private static readonly byte[] KeyframeStart =
    [
        0, 0, 0, 1, 0x09, 0xF0,                 // access unit delimiter
        0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x0D,      // SPS
        0, 0, 0, 1, 0x68, 0xCE, 0x0F, 0xC8,      // PPS
        0, 0, 1, 0x06, 0x05, 0x01, 0x02,         // SEI
        0, 0, 1, 0x65, 0x88, 0x84, 0x00, 0x21,   // IDR slice
    ];

    [Test]
    public void Finds_sps_pps_and_idr_slice()
    {
        H264NalScanner scanner = Scan(KeyframeStart);

        Assert.That(scanner.SawSps, Is.True);
        Assert.That(scanner.SawPps, Is.True);
        Assert.That(scanner.SawIdrSlice, Is.True);
        Assert.That(scanner.SawFirstSlice, Is.True);
    }

    [Test]
    public void A_non_idr_slice_is_not_a_keyframe()
    {
        H264NalScanner scanner = Scan([0, 0, 0, 1, 0x09, 0x30, 0, 0, 1, 0x41, 0x9A, 0x01, 0x00]);

        Assert.That(scanner.SawIdrSlice, Is.False);
        Assert.That(scanner.SawSps, Is.False);
        Assert.That(scanner.SawFirstSlice, Is.True);
    }

    [Test]
    public void Gives_the_same_answer_wherever_the_bytes_are_cut()
    {
        for (int first = 0; first <= KeyframeStart.Length; first++)
        {
            for (int second = first; second <= KeyframeStart.Length; second++)
            {
                var scanner = default(H264NalScanner);
                scanner.Reset();
                scanner.Scan(KeyframeStart.AsSpan(0, first));
                scanner.Scan(KeyframeStart.AsSpan(first, second - first));
                scanner.Scan(KeyframeStart.AsSpan(second));

                Assert.That(
                    (scanner.SawSps, scanner.SawPps, scanner.SawIdrSlice),
                    Is.EqualTo((true, true, true)),
                    $"cut at {first} and {second}");
            }
        }
    }

    [Test]
    public void One_byte_at_a_time_finds_everything()
    {
        var scanner = default(H264NalScanner);
        scanner.Reset();
        foreach (byte value in KeyframeStart)
        {
            scanner.Scan([value]);
        }

        Assert.That((scanner.SawSps, scanner.SawPps, scanner.SawIdrSlice), Is.EqualTo((true, true, true)));
    }

    [Test]
    public void Nal_units_after_the_first_slice_are_not_reported()
    {
        // An SPS after the slice belongs to the next access unit.
        H264NalScanner scanner = Scan([0, 0, 1, 0x41, 0x9A, 0, 0, 1, 0x67, 0x42]);

        Assert.That(scanner.SawSps, Is.False);
    }

    [Test]
    public void Reset_forgets_a_start_code_begun_before_it()
    {
        var scanner = default(H264NalScanner);
        scanner.Reset();
        scanner.Scan([0x11, 0, 0, 1]);
        scanner.Reset();
        scanner.Scan([0x65, 0x88]);

        Assert.That(scanner.SawFirstSlice, Is.False);
    }

    private static H264NalScanner Scan(byte[] data)
    {
        var scanner = default(H264NalScanner);
        scanner.Reset();
        scanner.Scan(data);
        return scanner;
    }
}
