// What the store says about its containers and objects (HEAD and listings), in the terms the
// offload and the back office use. Metadata values are kept as sent (URL-encoded): re-sending
// them in a POST gives back exactly what was there.
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BodyCamDevice.Firmware.Offload.Store;

/// <param name="Etag">The stored MD5, lower-case hex.</param>
/// <param name="DeleteAt">When the store deletes it (X-Delete-At); null: never.</param>
/// <param name="Metadata">X-Object-Meta-* headers by full name, values as the store holds them.</param>
public sealed record ObjectHead(long Size, string Etag, DateTimeOffset? DeleteAt, string? ContentType, IReadOnlyDictionary<string, string> Metadata);

/// <param name="Metadata">X-Container-Meta-* headers by full name, values as stored.</param>
public sealed record ContainerHead(long ObjectCount, long Bytes, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>A metadata value by API key, decoded; null when absent.</summary>
    public string? Value(string key) =>
        Metadata.TryGetValue(Bwi.BwiMetadata.HeaderName(Bwi.BwiMetadata.ContainerPrefix, key), out var value) ? Bwi.BwiMetadata.Decode(value) : null;
}

public sealed record ListedObject(string Name, long Bytes, string Hash);

internal static class StoreAnswers
{
    public static ObjectHead Object(HttpResponseMessage response)
    {
        var headers = All(response);
        return new ObjectHead(
            response.Content.Headers.ContentLength ?? long.Parse(headers.GetValueOrDefault("Content-Length", "-1"), CultureInfo.InvariantCulture),
            Etag(response) ?? "",
            headers.TryGetValue("X-Delete-At", out var deleteAt) && long.TryParse(deleteAt, CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            response.Content.Headers.ContentType?.ToString(),
            Prefixed(headers, Bwi.BwiMetadata.ObjectPrefix));
    }

    public static ContainerHead Container(HttpResponseMessage response)
    {
        var headers = All(response);
        return new ContainerHead(
            long.Parse(headers.GetValueOrDefault("X-Container-Object-Count", "0"), CultureInfo.InvariantCulture),
            long.Parse(headers.GetValueOrDefault("X-Container-Bytes-Used", "0"), CultureInfo.InvariantCulture),
            Prefixed(headers, Bwi.BwiMetadata.ContainerPrefix));
    }

    /// <summary>A JSON listing (?format=json): objects of a container or containers of the account.</summary>
    public static List<ListedObject> Listing(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var listed = new List<ListedObject>();
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            listed.Add(new ListedObject(
                entry.GetProperty("name").GetString()!,
                entry.TryGetProperty("bytes", out var bytes) ? bytes.GetInt64() : 0,
                entry.TryGetProperty("hash", out var hash) ? hash.GetString() ?? "" : ""));
        }

        return listed;
    }

    /// <summary>The ETag without the quotes some stores put around it, lower-case.</summary>
    public static string? Etag(HttpResponseMessage response) =>
        (response.Headers.ETag?.Tag ?? (response.Headers.TryGetValues("Etag", out var values) ? values.FirstOrDefault() : null))
            ?.Trim('"').ToLowerInvariant();

    private static Dictionary<string, string> All(HttpResponseMessage response)
    {
        var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat<KeyValuePair<string, IEnumerable<string>>>(response.Content.Headers))
        {
            all[name] = string.Join(",", values);
        }

        return all;
    }

    private static Dictionary<string, string> Prefixed(Dictionary<string, string> headers, string prefix) =>
        headers.Where(header => header.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(header => Bwi.BwiMetadata.CanonicalCase(header.Key), header => header.Value, StringComparer.OrdinalIgnoreCase);
}
