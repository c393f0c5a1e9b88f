// What categories become in the store and in the offload's policy: the store's "Evidence": false
// read from Categories.json, the container's Categories and Evidence metadata, the signed record
// sent beside the clips; a recording whose only category is not an evidence category expires and
// waits its turn like any other.
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;
using static BodyCamDevice.Offload.Tests.OffloadRecordingSamples;

namespace BodyCamDevice.Offload.Tests.Bwi;

public class CategoryLayoutTests
{
    private static readonly DateTimeOffset Trigger = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly LayoutOptions Options = new("mp4", "Europe/Stockholm", "BodyCamDevice", WantEncryption: false);

    [Test]
    public void TheStoresEvidenceFieldIsReadAndAnEntryWithoutItIsEvidence()
    {
        var parsed = StoreCategoriesJson.TryParse("""[{"Name":"Arrest","Id":"2"},{"Name":"Routine","Id":"5","Evidence":false},{"Name":"Assault","Id":"3","Evidence":true}]"""u8);
        Assert.That(parsed!.Select(category => (category.Id, category.Evidence)), Is.EqualTo(new[] { ("2", true), ("5", false), ("3", true) }));
        Assert.That(StoreCategoriesJson.TryParse("""{"Name":"not a list"}"""u8), Is.Null, "malformed: null, so the copy from before is kept");
        Assert.That(StoreCategoriesJson.TryParse("[]"u8), Is.Empty, "the store publishes none");
    }

    [Test]
    public void TheContainerCarriesTheCategoriesAndTheRecordGoesBesideTheClips()
    {
        var recording = Recording("BC-000123_20260301T090000Z_0007", Trigger) with
        {
            Categories = [new StoreCategory("2", "Arrest"), new StoreCategory("5", "Routine", Evidence: false)],
            CategoryRecord = new OffloadFile("/r/BC-000123_20260301T090000Z_0007_categories.jws", 400, "ee"),
        };
        var layout = BwiRecordingLayout.Plan(recording, StoreCapabilities.None with { StoreBookmarks = true }, Options);

        var metadata = layout.ContainerMetadata.ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.That(metadata["Categories"], Is.EqualTo("2;5"));
        Assert.That(metadata["Evidence"], Is.EqualTo("true"));
        var record = layout.Objects.Single(item => item.Kind == StoreObjectKind.CategoryRecord);
        Assert.That(record.Name, Is.EqualTo("20260301_085930_0007.categories.jws"));
        Assert.That((record.LocalPath, record.Md5), Is.EqualTo(("/r/BC-000123_20260301T090000Z_0007_categories.jws", "ee")));
        Assert.That(recording.Files, Does.Contain(recording.CategoryRecord), "deleted with the recording once confirmed");
        Assert.That(layout.Objects.Count(item => item.Kind == StoreObjectKind.Bookmark), Is.EqualTo(2), "one bookmark per category");

        var none = BwiRecordingLayout.ContainerMetadata(Recording("r", Trigger), "c", Options);
        Assert.That(none.Select(pair => pair.Key), Has.None.EqualTo("Categories").And.None.EqualTo("Evidence"));
    }

    [Test]
    public void ARecordingWhoseOnlyCategoryIsNotEvidenceExpiresAndKeepsItsPlace()
    {
        var routine = Recording("routine", Trigger) with { Categories = [new StoreCategory("5", "Routine", Evidence: false)] };
        var older = Recording("older", Trigger.AddHours(-1));
        var arrest = Recording("arrest", Trigger.AddHours(1)) with { Categories = [new StoreCategory("2", "Arrest")] };

        Assert.That(routine.IsEvidence, Is.False);
        Assert.That(RetentionPolicy.DeleteAt(routine, TimeSpan.FromDays(31), TimeSpan.Zero, Trigger), Is.EqualTo(Trigger.AddDays(31)));
        Assert.That(RetentionPolicy.DeleteAt(arrest, TimeSpan.FromDays(31), TimeSpan.Zero, Trigger), Is.Null);
        Assert.That(OffloadOrder.Of([routine, older, arrest]).Select(recording => recording.RecordingId), Is.EqualTo(new[] { "arrest", "older", "routine" }));
    }
}
