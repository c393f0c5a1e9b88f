// Metadata as the API sends it: headers X-Container-Meta-<Key> and X-Object-Meta-<Key>, keys in
// canonical case (first letter and any letter after a hyphen upper, the rest lower), values
// URL-encoded UTF-8 of at most 32 bytes, 64 for names and locations. A longer value is cut at a
// character boundary; the full text is always in the signed manifest beside the clip.
using System.Globalization;
using System.Text;

namespace BodyCamDevice.Firmware.Offload.Bwi;

public static class BwiMetadata
{
    public const string ContainerPrefix = "X-Container-Meta-";
    public const string ObjectPrefix = "X-Object-Meta-";

    private static readonly HashSet<string> LongKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "Name", "UserID", "TriggerOnLocation", "TriggerOffLocation", "StartLocation", "StopLocation",
        "ContainerName", "RejectedContentOriginalContainer",
    };

    /// <summary>The value limit of a key, in bytes of UTF-8 before encoding.</summary>
    public static int Limit(string key) => LongKeys.Contains(key) ? 64 : 32;

    public static string HeaderName(string prefix, string key) => prefix + CanonicalCase(key);

    /// <summary>Cut to the key's limit, then URL-encoded.</summary>
    public static string Encode(string key, string value) => Uri.EscapeDataString(Cut(value, Limit(key)));

    public static string Decode(string value) => Uri.UnescapeDataString(value);

    public static string EpochSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC, to the millisecond: 2026-03-01T09:00:00.250Z.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A place as &lt;lat&gt;&lt;long&gt;&lt;accuracy&gt;&lt;epoch&gt;: each part signed, so the sign is
    /// the delimiter (ISO 6709 style), degrees WGS 84 to 6 decimals, accuracy in metres (0 when
    /// unknown), the fix time in epoch seconds. +55.718409+13.221184+4.5+1661255290.
    /// </summary>
    public static string Location(double latitude, double longitude, double? accuracyMeters, DateTimeOffset fix) =>
        string.Create(CultureInfo.InvariantCulture, $"{latitude:+0.000000;-0.000000}{longitude:+0.000000;-0.000000}{accuracyMeters ?? 0:+0.0}+{fix.ToUnixTimeSeconds()}");

    internal static string CanonicalCase(string key)
    {
        var builder = new StringBuilder(key.Length);
        var upper = true;
        foreach (var character in key)
        {
            builder.Append(upper ? char.ToUpperInvariant(character) : char.ToLowerInvariant(character));
            upper = character == '-';
        }

        return builder.ToString();
    }

    internal static string Cut(string value, int maximumBytes)
    {
        if (Encoding.UTF8.GetByteCount(value) <= maximumBytes)
        {
            return value;
        }

        var length = 0;
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maximumBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            length += rune.Utf16SequenceLength;
        }

        return value[..length];
    }
}
