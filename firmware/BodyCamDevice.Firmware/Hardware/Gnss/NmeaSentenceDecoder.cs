// Turns NMEA 0183 sentences from a GNSS receiver into fixes, with Iot.Device.Nmea0183's parser.
// GGA is the fix report (quality, position, satellites, HDOP, altitude); RMC gives the date,
// which GGA lacks. A receiver that sends only RMC gets its fixes from RMC. Sentences without a
// checksum or with a wrong one, and anything else that does not parse, are counted and dropped;
// other sentence types (GSV, GSA, VTG, …) are ignored.
// Not thread-safe: one reader (NmeaGnssReceiver serialises its callers).
using System.Globalization;
using BodyCamDevice.Firmware.Core.Location;
using Iot.Device.Nmea0183;
using Iot.Device.Nmea0183.Sentences;

namespace BodyCamDevice.Firmware.Hardware.Gnss;

public sealed class NmeaSentenceDecoder
{
    // The date the last RMC carried; GGA times are read against it. Meaningless until _haveDate.
    private DateTimeOffset _reference = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private bool _haveDate;
    private bool _seenGga;

    public long Accepted { get; private set; }

    public long Rejected { get; private set; }

    /// <summary>Why the last rejected sentence was rejected, with the sentence.</summary>
    public string? LastError { get; private set; }

    /// <summary>The fix a sentence reports, or null (not a fix sentence, or rejected).</summary>
    public GnssFix? Decode(string line)
    {
        line = line.Trim();
        if (line.Length == 0)
        {
            return null;
        }

        if (!HasChecksum(line))
        {
            return Reject(line, "no checksum");
        }

        var sentence = TalkerSentence.FromSentenceString(line, out var error);
        if (sentence is null || error != NmeaError.None)
        {
            return Reject(line, error == NmeaError.InvalidChecksum ? "wrong checksum" : error.ToString());
        }

        var reference = _reference;
        NmeaSentence? typed;
        try
        {
            typed = sentence.TryGetTypedValue(ref reference);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            return Reject(line, exception.Message);
        }

        Accepted++;
        switch (typed)
        {
            case RecommendedMinimumNavigationInformation rmc:
                if (sentence.Fields.Count() > 8 && sentence.Fields.ElementAt(8).Length == 6)
                {
                    _reference = rmc.DateTime;
                    _haveDate = true;
                }

                return _seenGga ? null : FromRmc(rmc);
            case GlobalPositioningSystemFixData gga:
                _seenGga = true;
                return FromGga(gga);
            default:
                return null;
        }
    }

    private GnssFix FromGga(GlobalPositioningSystemFixData gga)
    {
        var hasFix = gga.Status != GpsQuality.NoFix && gga.Valid && gga.LatitudeDegrees is not null && gga.LongitudeDegrees is not null;
        return new GnssFix(
            hasFix,
            gga.Status.ToString(),
            hasFix ? Math.Round(gga.LatitudeDegrees!.Value, 7) : null,
            hasFix ? Math.Round(gga.LongitudeDegrees!.Value, 7) : null,
            hasFix ? gga.GeoidAltitude : null,
            gga.NumberOfSatellites,
            gga.Hdop,
            _haveDate ? gga.DateTime : null);
    }

    private static GnssFix FromRmc(RecommendedMinimumNavigationInformation rmc)
    {
        var hasFix = rmc.Status == NavigationStatus.Valid && rmc.Valid;
        return new GnssFix(
            hasFix,
            hasFix ? "Fix" : "NoFix",
            hasFix ? Math.Round(rmc.Position.Latitude, 7) : null,
            hasFix ? Math.Round(rmc.Position.Longitude, 7) : null,
            null,
            null,
            null,
            rmc.DateTime);
    }

    // "$...*hh": receivers always send the checksum; a line without one is a broken line.
    private static bool HasChecksum(string line)
    {
        var star = line.LastIndexOf('*');
        return star > 0 && star == line.Length - 3 && int.TryParse(line.AsSpan(star + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _);
    }

    private GnssFix? Reject(string line, string why)
    {
        Rejected++;
        LastError = $"{why}: {(line.Length > 100 ? line[..100] + "…" : line)}";
        return null;
    }
}
