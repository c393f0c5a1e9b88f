// The categories the officer can put on a recording: the evidence store's System/Categories.json
// as the camera last read it at a dock, kept on the device so they are known while undocked.
// Before the first dock with a store that publishes them there are none (Known false). Immutable;
// read from any thread.
namespace BodyCamDevice.Firmware.Core.Categories;

/// <param name="Evidence">
/// A recording with this category is evidence: no expiry in the store, offloaded first. The
/// store's entry says so with "Evidence": true or false (an addition to the BWI entry of Name and
/// Id, which other readers ignore); an entry without it counts as evidence, so nothing the officer
/// marked expires unless the store said it may.
/// </param>
public sealed record CategoryEntry(string Id, string Name, bool Evidence = true);

/// <param name="Known">False until a store's categories were read at a dock (or loaded from that copy).</param>
/// <param name="ReadUtc">When the camera read them from the store; null while none are known.</param>
/// <param name="Note">Why there are none, or where they came from, for the control API.</param>
public sealed record CategoryCatalog(bool Known, IReadOnlyList<CategoryEntry> Entries, DateTimeOffset? ReadUtc, string Note)
{
    public static CategoryCatalog None { get; } = new(false, [], null,
        "no categories known: the camera has not yet been docked with an evidence store that publishes System/Categories.json");

    public CategoryEntry? Find(string id) => Entries.FirstOrDefault(entry => entry.Id == id);

    /// <summary>
    /// The category the function-button gesture moves to from <paramref name="current"/>: the next
    /// in the store's order, the first when there is none (or an unknown one), none after the last.
    /// </summary>
    public CategoryEntry? After(string? current)
    {
        if (Entries.Count == 0)
        {
            return null;
        }

        var index = current is null ? -1 : Entries.ToList().FindIndex(entry => entry.Id == current);
        return index + 1 < Entries.Count ? Entries[index + 1] : null;
    }

    /// <summary>The 1-based place of <paramref name="id"/> in the list (the confirmation tone's beep count); 0 when absent.</summary>
    public int Position(string id) => Entries.ToList().FindIndex(entry => entry.Id == id) + 1;
}
