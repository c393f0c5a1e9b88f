// Real receiver sentences (the NMEA 0183 textbook GGA/RMC pair and u-blox's documented
// examples) through the firmware's decoder and Iot.Device.Nmea0183: position, quality and the
// receiver's UTC; no fix reported as such; broken sentences counted and dropped.
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Hardware.Gnss;

public class NmeaSentenceDecoderTests
{
    private const string TextbookRmc = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A";
    private const string TextbookGga = "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47";
    private const string UbloxRmc = "$GPRMC,083559.00,A,4717.11437,N,00833.91522,E,0.004,77.52,091202,,,A*57";
    private const string UbloxGga = "$GPGGA,092725.00,4717.11399,N,00833.91590,E,1,08,1.01,499.6,M,48.0,M,,*5B";

    [Test]
    public void Gga_after_rmc_gives_position_quality_altitude_and_the_receivers_utc()
    {
        var decoder = new NmeaSentenceDecoder();

        var fromRmc = decoder.Decode(TextbookRmc);
        var fix = decoder.Decode(TextbookGga);

        Assert.That(fromRmc, Is.EqualTo(new GnssFix(true, "Fix", 48.1173, 11.5166667, null, null, null, new DateTimeOffset(1994, 3, 23, 12, 35, 19, TimeSpan.Zero))));
        Assert.That(fix, Is.EqualTo(new GnssFix(true, "Fix", 48.1173, 11.5166667, 545.4, 8, 0.9, new DateTimeOffset(1994, 3, 23, 12, 35, 19, TimeSpan.Zero))));
        Assert.That((decoder.Accepted, decoder.Rejected), Is.EqualTo((2, 0)));
    }

    [Test]
    public void Once_gga_flows_rmc_only_supplies_the_date()
    {
        var decoder = new NmeaSentenceDecoder();

        Assert.That(decoder.Decode(UbloxGga), Is.EqualTo(new GnssFix(true, "Fix", 47.2852332, 8.5652650, 499.6, 8, 1.01, null)));
        Assert.That(decoder.Decode(UbloxRmc), Is.Null);
        Assert.That(decoder.Decode(UbloxGga)!.ReceiverUtc, Is.EqualTo(new DateTimeOffset(2002, 12, 9, 9, 27, 25, TimeSpan.Zero)));
    }

    [Test]
    public void A_receiver_without_a_fix_is_reported_as_no_fix_without_a_position()
    {
        var decoder = new NmeaSentenceDecoder();
        var lines = VirtualGnssReceiver.Sentences(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), null);

        var fromRmc = decoder.Decode(lines[0]);
        var fromGga = decoder.Decode(lines[1]);

        // Checksums computed independently (XOR of the characters between $ and *).
        Assert.That(lines, Is.EqualTo(new[] { "$GPRMC,090000.00,V,,,,,,,010326,,,N*72", "$GPGGA,090000.00,,,,,0,00,99.99,,,,,,*6F" }));
        Assert.That(fromRmc, Is.EqualTo(new GnssFix(false, "NoFix", null, null, null, null, null, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))));
        Assert.That(fromGga, Is.EqualTo(new GnssFix(false, "NoFix", null, null, null, 0, 99.99, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero))));
    }

    [TestCase("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48", "wrong checksum")]
    [TestCase("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,", "no checksum")]
    [TestCase("$GPGGA,123519,4807.038,N,01131.0", "no checksum")]
    [TestCase("K\u00ff\u0001$GPGGA*zz", "no checksum")]
    public void A_broken_sentence_is_counted_and_dropped(string line, string why)
    {
        var decoder = new NmeaSentenceDecoder();

        Assert.That(decoder.Decode(line), Is.Null);
        Assert.That(decoder.Rejected, Is.EqualTo(1));
        Assert.That(decoder.LastError, Does.StartWith(why));
        Assert.That(decoder.Decode(TextbookGga)!.HasFix, Is.True, "a good sentence after a broken one still decodes");
    }

    [Test]
    public void Other_sentences_are_accepted_and_give_no_fix()
    {
        var decoder = new NmeaSentenceDecoder();

        Assert.That(decoder.Decode(VirtualGnssReceiver.WithChecksum("GPGSV,1,1,00")), Is.Null);
        Assert.That((decoder.Accepted, decoder.Rejected), Is.EqualTo((1, 0)));
    }

    [TestCase(51.5007, -0.1246)]
    [TestCase(-33.8568, 151.2153)]
    [TestCase(0.0000005, -179.9999999)]
    public void The_virtual_receivers_sentences_decode_to_its_position(double latitude, double longitude)
    {
        var decoder = new NmeaSentenceDecoder();
        GnssFix? fix = null;
        foreach (var line in VirtualGnssReceiver.Sentences(new DateTime(2026, 3, 1, 9, 0, 1, DateTimeKind.Utc), new VirtualPosition(latitude, longitude)))
        {
            fix = decoder.Decode(line) ?? fix;
        }

        // ddmm.mmmmm carries 1e-5 minutes: about 2e-7 degrees.
        Assert.That(fix!.Latitude, Is.EqualTo(latitude).Within(2e-7));
        Assert.That(fix.Longitude, Is.EqualTo(longitude).Within(2e-7));
        Assert.That((fix.HasFix, fix.Quality, fix.Satellites, fix.AltitudeMeters), Is.EqualTo((true, "Fix", 9, 35.0)));
        Assert.That(fix.ReceiverUtc, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 9, 0, 1, TimeSpan.Zero)));
    }

    [Test]
    public void The_receiver_reads_lines_from_its_stream_on_its_own_thread()
    {
        var fixes = new List<GnssFix>();
        var arrived = new ManualResetEventSlim();
        using var receiver = new NmeaGnssReceiver(fix =>
        {
            lock (fixes)
            {
                fixes.Add(fix);
                if (fixes.Count == 2)
                {
                    arrived.Set();
                }
            }
        });
        var bytes = System.Text.Encoding.ASCII.GetBytes(string.Join("\r\n", TextbookRmc, "$GPGGA,garbage*00", TextbookGga, UbloxGga) + "\r\n");

        receiver.Start(new MemoryStream(bytes));

        Assert.That(arrived.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(fixes.Select(f => f.Latitude), Is.EqualTo(new double?[] { 48.1173, 48.1173 }).Or.EqualTo(new double?[] { 48.1173, 48.1173, 47.2852332 }));
        Assert.That(receiver.ReadingEnded.Wait(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(receiver.Statistics.Rejected, Is.EqualTo(1));
        Assert.That(receiver.StreamError, Is.EqualTo("the serial stream ended"));
    }
}
