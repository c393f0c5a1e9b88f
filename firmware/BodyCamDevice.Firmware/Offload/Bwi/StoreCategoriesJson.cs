// The store's categories, from System/Categories.json: [{"Name":"…","Id":"…"}, …], each entry
// optionally with "Evidence": true|false (whether a recording carrying it is evidence; true when
// absent: BWI entries have no such field, and nothing the officer marked should expire unless the
// store says it may). Entries without both a name and an ID are left out; Parse gives none for a
// malformed file, TryParse null.
using System.Text.Json;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Bwi;

public static class StoreCategoriesJson
{
    public static IReadOnlyList<StoreCategory> Parse(ReadOnlySpan<byte> json) => TryParse(json) ?? [];

    public static IReadOnlyList<StoreCategory>? TryParse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var categories = new List<StoreCategory>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && Text(entry, "Id") is { } id
                    && Text(entry, "Name") is { } name)
                {
                    var evidence = !(entry.TryGetProperty("Evidence", out var flag) && flag.ValueKind == JsonValueKind.False);
                    categories.Add(new StoreCategory(id, name, evidence));
                }
            }

            return categories;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The reference store writes IDs as strings; a number is taken as its text.
    private static string? Text(JsonElement entry, string name) =>
        !entry.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString() is { Length: > 0 } text ? text : null
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;
}
