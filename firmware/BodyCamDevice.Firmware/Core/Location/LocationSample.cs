namespace BodyCamDevice.Firmware.Core.Location;

/// <summary>
/// Where the camera was at one moment, as the firmware knew it: the newest fix and its age, or
/// no fix and why (<see cref="Note"/>). <see cref="SampledUtc"/> is the device clock's time of
/// the sample; <see cref="AgeSeconds"/> how long before it the fix arrived (null without one).
/// </summary>
public sealed record LocationSample(GnssFix? Fix, DateTimeOffset SampledUtc, double? AgeSeconds, string? Note)
{
    public bool HasFix => Fix is { HasFix: true };
}
