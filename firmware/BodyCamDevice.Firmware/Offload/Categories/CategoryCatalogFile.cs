// The camera's copy of the store's categories (System/Categories.json, read at a dock), kept in
// the state directory so the officer can set categories while undocked and after a restart:
// {"readUtc": "…", "note": "…", "categories": [{"id","name","evidence"}]}, replaced atomically at
// every dock whose store answered for its categories. Missing before the first such dock (no
// categories known); unreadable, it is reported and counts as missing until the next dock
// replaces it. docs/offload.md describes it.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Categories;

public static class CategoryCatalogFile
{
    public const string FileName = "store-categories.json";

    public static CategoryCatalog Load(string path)
    {
        if (!File.Exists(path))
        {
            return CategoryCatalog.None;
        }

        try
        {
            var saved = JsonSerializer.Deserialize(File.ReadAllBytes(path), CategoryCatalogJsonContext.Default.SavedCatalog)
                ?? throw new JsonException("null");
            return new CategoryCatalog(true,
                [.. (saved.Categories ?? []).Where(entry => entry.Id.Length > 0).Select(entry => new CategoryEntry(entry.Id, entry.Name, entry.Evidence))],
                saved.ReadUtc, saved.Note ?? "read from the store at a dock");
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            return CategoryCatalog.None with { Note = $"no categories known: the copy {path} cannot be read ({exception.Message}); the next dock replaces it" };
        }
    }

    /// <summary>Replaces the copy with what the store answered; returns the catalog the controller gets.</summary>
    public static CategoryCatalog Save(string path, IReadOnlyList<StoreCategory> categories, DateTimeOffset readUtc, string note)
    {
        var saved = new SavedCatalog(readUtc, note, [.. categories.Select(category => new SavedCategory(category.Id, category.Name, category.Evidence))]);
        Evidence.AtomicFile.Replace(path, JsonSerializer.SerializeToUtf8Bytes(saved, CategoryCatalogJsonContext.Default.SavedCatalog));
        return new CategoryCatalog(true, [.. categories.Select(category => new CategoryEntry(category.Id, category.Name, category.Evidence))], readUtc, note);
    }
}

internal sealed record SavedCatalog(DateTimeOffset ReadUtc, string? Note, IReadOnlyList<SavedCategory>? Categories);

internal sealed record SavedCategory(string Id, string Name, bool Evidence);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SavedCatalog))]
internal sealed partial class CategoryCatalogJsonContext : JsonSerializerContext;
