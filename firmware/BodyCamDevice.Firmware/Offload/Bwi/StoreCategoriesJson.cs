// The store's categories, from System/Categories.json: [{"Name":"…","Id":"…"}, …]. Entries
// without both a name and an ID are left out; a malformed file gives none.
using System.Text.Json;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Bwi;

public static class StoreCategoriesJson
{
    public static IReadOnlyList<StoreCategory> Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var categories = new List<StoreCategory>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && Text(entry, "Id") is { } id
                    && Text(entry, "Name") is { } name)
                {
                    categories.Add(new StoreCategory(id, name));
                }
            }

            return categories;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    // The reference store writes IDs as strings; a number is taken as its text.
    private static string? Text(JsonElement entry, string name) =>
        !entry.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString() is { Length: > 0 } text ? text : null
        : value.ValueKind == JsonValueKind.Number ? value.GetRawText()
        : null;
}
