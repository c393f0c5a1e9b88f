// The wire contract of categories: the store's list as the camera knows it, a recording's
// categories (from its signed category record), and the request that sets them.
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Evidence.Categories;

namespace BodyCamDevice.ControlApi.Contracts;

/// <param name="Evidence">A recording carrying it is evidence: no expiry in the store, offloaded first.</param>
public sealed record CategoryView(string Id, string Name, bool Evidence);

/// <param name="Known">False before the first dock with a store that publishes categories: none can be set.</param>
/// <param name="ReadUtc">When the camera read them from the store; null while none are known.</param>
/// <param name="Note">Where they came from, or why there are none.</param>
public sealed record CategoriesView(bool Known, DateTimeOffset? ReadUtc, string Note, IReadOnlyList<CategoryView> Categories)
{
    public static CategoriesView From(CategoryCatalog catalog) =>
        new(catalog.Known, catalog.ReadUtc, catalog.Note, [.. catalog.Entries.Select(entry => new CategoryView(entry.Id, entry.Name, entry.Evidence))]);
}

/// <param name="Categories">Empty when none were set (or they were cleared).</param>
/// <param name="OfficerId">Who set them (the device's officer at the time); null when none were ever set.</param>
/// <param name="Source">"function button" or "control api"; null when none were ever set.</param>
/// <param name="SetUtc">RFC 3339 on the device's clock; null when none were ever set.</param>
/// <param name="Record">The record's file beside the clips; null when none were ever set.</param>
public sealed record RecordingCategoriesView(string RecordingId, IReadOnlyList<CategoryView> Categories, bool Evidence, string? OfficerId, string? Source, string? SetUtc, string? Record)
{
    public static RecordingCategoriesView None(string recordingId) => new(recordingId, [], false, null, null, null, null);

    public static RecordingCategoriesView From(CategoryRecord record) =>
        new(record.RecordingId, [.. record.Categories.Select(entry => new CategoryView(entry.Id, entry.Name, entry.Evidence))], record.Evidence,
            record.OfficerId, record.Source, record.SetUtc, record.RecordingId + CategoryRecordFile.Suffix);
}

/// <param name="Categories">The category IDs the recording carries from now on (from GET /api/categories); [] clears them.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CategoriesRequest([property: JsonRequired] IReadOnlyList<string> Categories);
