namespace BodyCamDevice.Firmware.Core.Location;

/// <summary>
/// What a GNSS receiver reported in one sentence. <see cref="HasFix"/> is false when the receiver
/// says it has no position (then latitude and longitude are null). Degrees are WGS 84, north and
/// east positive; altitude in metres above mean sea level; <see cref="Quality"/> is the NMEA fix
/// quality by name (NoFix, Fix, DifferentialFix, Estimated, …); <see cref="ReceiverUtc"/> is the
/// receiver's own UTC time of the fix, null until the receiver has sent a date.
/// </summary>
public sealed record GnssFix(
    bool HasFix,
    string Quality,
    double? Latitude,
    double? Longitude,
    double? AltitudeMeters,
    int? Satellites,
    double? Hdop,
    DateTimeOffset? ReceiverUtc);
