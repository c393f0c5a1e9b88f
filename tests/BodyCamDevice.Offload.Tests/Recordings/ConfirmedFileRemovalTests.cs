// The one place footage is deleted, on its own: only files of a confirmed recording whose object
// the journal holds stored with the same MD5, at the size the store holds; the manifest last;
// every deletion audited with the store's confirmation, every file kept said why.
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Dock;

namespace BodyCamDevice.Offload.Tests.Recordings;

public class ConfirmedFileRemovalTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-removal-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void OnlyFilesTheJournalHoldsStoredAtTheStoresSizeAreDeletedTheManifestLast()
    {
        var now = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var clip = Write("r_clip01.mp4", 100);
        var manifest = Write("r_clip01.json", 10);
        var grown = Write("r_clip02.mp4", 120);
        var unjournalled = Write("r_clip03.mp4", 50);
        var journal = OffloadJournal.Open(Path.Combine(_directory, "journal"), "r");
        journal.RecordStored("a.mp4", "aa", 100, now);
        journal.RecordStored("a.manifest.json", "mm", 10, now);
        journal.RecordStored("b.mp4", "bb", 100, now);
        StoredObject[] objects =
        [
            new("a.manifest.json", StoreObjectKind.Manifest, 1, manifest, 10, "mm"),
            new("a.mp4", StoreObjectKind.Clip, 1, clip, 100, "aa"),
            new("b.mp4", StoreObjectKind.Clip, 2, grown, 100, "bb"),
            new("c.mp4", StoreObjectKind.Clip, 3, unjournalled, 50, "cc"),
        ];
        var result = new RecordingOffloadResult("r", RecordingOffloadOutcome.Confirmed, "c1", new StoreConfirmation("c1", now, now.AddDays(31), objects), null, null, 4, []);
        var audit = new List<(string Kind, Dictionary<string, string> Details)>();

        var removal = ConfirmedFileRemoval.Remove(result, Path.Combine(_directory, "journal"), (kind, details) => audit.Add((kind, details.ToDictionary(pair => pair.Key, pair => pair.Value))));

        Assert.That(removal.Deleted, Is.EqualTo(new[] { clip, manifest }), "the clip, then its manifest");
        Assert.That(File.Exists(grown) && File.Exists(unjournalled), Is.True);
        Assert.That(removal.Kept, Has.Count.EqualTo(2));
        Assert.That(removal.Kept, Has.Some.Contains("120 bytes, the store holds 100"));
        Assert.That(removal.Kept, Has.Some.Contains("journal does not hold it"));
        var deleted = audit.Where(entry => entry.Kind == "footage-deleted").Select(entry => entry.Details).ToList();
        Assert.That(deleted[0]["etag"], Is.EqualTo("aa"));
        Assert.That(deleted[0]["container"], Is.EqualTo("c1"));
        Assert.That(deleted[0]["deleteAt"], Does.StartWith("2026-04-01T10:00:00"));
        Assert.That(audit.Count(entry => entry.Kind == "footage-kept"), Is.EqualTo(2));
    }

    [Test]
    public void NothingIsDeletedForARecordingThatIsNotConfirmed()
    {
        var clip = Write("r_clip01.mp4", 100);
        var now = DateTimeOffset.UnixEpoch;
        var confirmation = new StoreConfirmation("c1", now, null, [new("a.mp4", StoreObjectKind.Clip, 1, clip, 100, "aa")]);
        foreach (var outcome in new[] { RecordingOffloadOutcome.NotTransferred, RecordingOffloadOutcome.Interrupted, RecordingOffloadOutcome.NotAttempted })
        {
            var removal = ConfirmedFileRemoval.Remove(new RecordingOffloadResult("r", outcome, "c1", confirmation, null, null, 0, []), _directory, (_, _) => Assert.Fail("nothing to audit"));
            Assert.That(removal.Deleted, Is.Empty, outcome.ToString());
        }

        Assert.That(File.Exists(clip), Is.True);
    }

    private string Write(string name, int bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, new byte[bytes]);
        return path;
    }
}
