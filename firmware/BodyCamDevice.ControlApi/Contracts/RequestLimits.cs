// The limits of what the control API takes, as docs/control-api.md states them. Requests beyond
// them are refused with {"error": ...} naming the field and the range, never clamped in silence.
namespace BodyCamDevice.ControlApi.Contracts;

public static class RequestLimits
{
    /// <summary>Largest request body, in bytes: the API's bodies are a few dozen bytes; more is 413.</summary>
    public const int LargestBodyBytes = 16 * 1024;

    /// <summary>
    /// Largest time in milliseconds a request may give, either way: "since" and "until" on the
    /// rig timeline, a window's length, a client's "atMs" (about 31 years).
    /// </summary>
    public const double LargestTimeMs = 1e12;

    /// <summary>Longest press, hold or gap between the presses of a double-press, in milliseconds (2 minutes).</summary>
    public const double LongestGestureMs = 120_000;

    /// <summary>Most free storage a rig may set, in megabytes (10^6 bytes): a petabyte.</summary>
    public const long LargestFreeStorageMegabytes = 1_000_000_000;

    /// <summary>Altitude range of a virtual GNSS fix, in metres.</summary>
    public const double LowestAltitudeMeters = -1_000;
    public const double HighestAltitudeMeters = 20_000;

    /// <summary>Longest camera fault detail, in characters: it goes into the audit log.</summary>
    public const int LongestDetail = 200;

    /// <summary>The years a DS3231 real-time clock holds (its century bit).</summary>
    public const int FirstRtcYear = 1900;
    public const int LastRtcYear = 2099;

    /// <summary>Most audit entries one request lists: the API keeps this many.</summary>
    public const int LargestAuditLimit = 10_000;
}
