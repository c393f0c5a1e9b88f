// A manifest read without the firmware's code: the JWS's payload (base64url JSON) and the
// SHA-256 of the file as stored, which the next manifest must name as its predecessor.
using System.Security.Cryptography;
using System.Text.Json;

namespace BodyCamDevice.Torture.Checks;

internal sealed record Manifest(string Path, JsonElement Payload, string FileSha256)
{
    public long Sequence => Payload.TryGetProperty("sequence", out var sequence) ? sequence.GetInt64() : 0;

    public string? PreviousSha256 => Payload.TryGetProperty("previousManifestSha256", out var previous) ? previous.GetString() : null;

    public bool Interrupted => Payload.TryGetProperty("interrupted", out _);

    public long ClipStartEpochMs => Payload.GetProperty("clip").GetProperty("startEpochMs").GetInt64();

    public string EndReason => Payload.GetProperty("endReason").GetString() ?? "";

    /// <summary>The declared gaps: their lengths in seconds.</summary>
    public IReadOnlyList<double> GapSeconds => Payload.GetProperty("gaps").EnumerateArray().Select(gap => gap.GetProperty("durationSeconds").GetDouble()).ToList();

    /// <summary>The declared gaps as UTC spans. The gaps of frames lost between the same two video frames share one span.</summary>
    public IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> GapSpans => Payload.GetProperty("gaps").EnumerateArray()
        .Select(gap => (DateTimeOffset.Parse(gap.GetProperty("fromUtc").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(gap.GetProperty("toUtc").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
        .ToList();

    /// <summary>Seconds the declared gaps cover, each moment once (gaps sharing a span count once).</summary>
    public double GapCoverSeconds()
    {
        double covered = 0;
        DateTimeOffset reached = DateTimeOffset.MinValue;
        foreach (var (from, to) in GapSpans.OrderBy(span => span.From))
        {
            DateTimeOffset start = from > reached ? from : reached;
            if (to > start)
            {
                covered += (to - start).TotalSeconds;
                reached = to;
            }
        }

        return covered;
    }

    public static Manifest Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        using var jws = JsonDocument.Parse(bytes);
        string payload = jws.RootElement.GetProperty("payload").GetString()!;
        using var document = JsonDocument.Parse(Base64Url(payload));
        return new Manifest(path, document.RootElement.Clone(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static byte[] Base64Url(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
