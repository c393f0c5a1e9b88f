// The optional NMEA 0183 GNSS receiver on a serial port (the header's UART by default). Off by
// default. Its fixes go into the clip manifests: where the camera was at trigger on and off, and
// a track while recording.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class GnssOptions
{
    public bool Enabled { get; set; }

    /// <summary>Serial device; /dev/serial0 is the header's UART (GPIO 14 TXD, GPIO 15 RXD) on Raspberry Pi OS.</summary>
    public string SerialPort { get; set; } = "/dev/serial0";

    /// <summary>Most receivers ship at 9600 baud, 8N1.</summary>
    public int BaudRate { get; set; } = 9600;

    /// <summary>A fix older than this counts as none: the receiver has gone quiet.</summary>
    public TimeSpan FixMaxAge { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>While recording, one track point this often.</summary>
    public TimeSpan TrackInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Track points kept per clip; later ones are counted as dropped (30 min at 5 s is 360).</summary>
    public int MaxTrackPointsPerClip { get; set; } = 720;
}
