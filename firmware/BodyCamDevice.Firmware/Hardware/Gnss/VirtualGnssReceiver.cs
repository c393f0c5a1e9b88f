// An emulated NMEA GNSS receiver: once a second (on the TimeProvider) it sends a GPRMC and a
// GPGGA sentence, as a u-blox-style module does at 1 Hz, for the position it is given, or the
// empty sentences of a receiver without a fix. The text goes to sendLine, which on the emulator
// is NmeaGnssReceiver.Feed: the firmware's own decoder parses it. Silent sends nothing (a
// receiver unplugged); SendLine sends any text (a broken sentence, say).
// Thread-safe.
using System.Globalization;

namespace BodyCamDevice.Firmware.Hardware.Gnss;

public sealed class VirtualGnssReceiver : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action<string> _sendLine;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private VirtualPosition? _position;
    private bool _silent;

    public VirtualGnssReceiver(TimeProvider time, Action<string> sendLine)
    {
        _time = time;
        _sendLine = sendLine;
    }

    /// <summary>The position reported; null: no fix.</summary>
    public VirtualPosition? Position
    {
        get
        {
            lock (_lock)
            {
                return _position;
            }
        }
    }

    public bool Silent
    {
        get
        {
            lock (_lock)
            {
                return _silent;
            }
        }
    }

    /// <summary>Starts the once-a-second output.</summary>
    public void Start()
    {
        _timer ??= _time.CreateTimer(_ => SendNow(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Reports a fix at this position from the next sentence on (sent at once).</summary>
    public void SetPosition(VirtualPosition? position, bool silent = false)
    {
        lock (_lock)
        {
            _position = position;
            _silent = silent;
        }

        SendNow();
    }

    /// <summary>Sends the sentences for now (nothing while silent).</summary>
    public void SendNow()
    {
        VirtualPosition? position;
        lock (_lock)
        {
            if (_silent)
            {
                return;
            }

            position = _position;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var sentence in Sentences(now, position))
        {
            _sendLine(sentence);
        }
    }

    public void SendLine(string line) => _sendLine(line);

    public void Dispose() => _timer?.Dispose();

    /// <summary>The RMC and GGA sentences a receiver sends at <paramref name="utc"/> (no fix for a null position).</summary>
    public static IReadOnlyList<string> Sentences(DateTime utc, VirtualPosition? position)
    {
        var time = utc.ToString("HHmmss.ff", CultureInfo.InvariantCulture);
        var date = utc.ToString("ddMMyy", CultureInfo.InvariantCulture);
        if (position is not { } p)
        {
            return
            [
                WithChecksum($"GPRMC,{time},V,,,,,,,{date},,,N"),
                WithChecksum($"GPGGA,{time},,,,,0,00,99.99,,,,,,"),
            ];
        }

        var (lat, ns) = Angle(p.Latitude, 2, 'N', 'S');
        var (lon, ew) = Angle(p.Longitude, 3, 'E', 'W');
        var altitude = p.AltitudeMeters.ToString("0.0", CultureInfo.InvariantCulture);
        return
        [
            WithChecksum($"GPRMC,{time},A,{lat},{ns},{lon},{ew},0.0,0.0,{date},,,A"),
            WithChecksum($"GPGGA,{time},{lat},{ns},{lon},{ew},1,{p.Satellites:00},{p.Hdop.ToString("0.0#", CultureInfo.InvariantCulture)},{altitude},M,47.0,M,,"),
        ];
    }

    /// <summary>"$body*hh" with the NMEA checksum (XOR of the characters between $ and *).</summary>
    public static string WithChecksum(string body)
    {
        var checksum = 0;
        foreach (var c in body)
        {
            checksum ^= c;
        }

        return $"${body}*{checksum:X2}";
    }

    // NMEA's ddmm.mmmmm / dddmm.mmmmm with a hemisphere letter.
    private static (string Text, char Hemisphere) Angle(double degrees, int degreeDigits, char positive, char negative)
    {
        var hemisphere = degrees < 0 ? negative : positive;
        degrees = Math.Abs(degrees);
        var whole = (int)degrees;
        var minutes = (degrees - whole) * 60;
        if (Math.Round(minutes, 5) >= 60)
        {
            whole++;
            minutes = 0;
        }

        return (whole.ToString(new string('0', degreeDigits), CultureInfo.InvariantCulture) + minutes.ToString("00.00000", CultureInfo.InvariantCulture), hemisphere);
    }
}

/// <summary>A position for the virtual receiver: degrees WGS 84 (north, east positive), metres above sea level.</summary>
public sealed record VirtualPosition(double Latitude, double Longitude, double AltitudeMeters = 35, int Satellites = 9, double Hdop = 0.9);
