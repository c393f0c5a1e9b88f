// A confirmed journal under a recording ID that a later recording reuses (the clock repeated a
// second after its files were deleted) is set aside, so the later footage is offloaded; the
// journal of the same recording, confirmed and not yet deleted, stays.
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Dock;

namespace BodyCamDevice.Offload.Tests.Recordings;

public class ReusedRecordingIdsTests
{
    private static readonly DateTimeOffset Trigger = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void AConfirmedJournalOfOtherFootageIsSetAsideAndTheSameRecordingsIsKept()
    {
        using var recordings = new TestRecordings();
        var reused = recordings.Make(Trigger);
        var same = recordings.Make(Trigger.AddMinutes(1), counter: 2);
        Confirm(recordings.Journal, reused.RecordingId, new string('f', 32));
        Confirm(recordings.Journal, same.RecordingId, same.Clips[0].Media.Md5);
        var audit = new List<string>();

        var setAside = ReusedRecordingIds.SetAsideForeignJournals([reused, same], recordings.Journal, Trigger.AddDays(1), (kind, _) => audit.Add(kind));

        Assert.That(setAside, Is.EqualTo(new[] { reused.RecordingId }));
        Assert.That(OffloadJournal.Open(recordings.Journal, reused.RecordingId).Confirmed, Is.Null, "offloaded afresh");
        Assert.That(Directory.GetFiles(recordings.Journal, reused.RecordingId + ".earlier-*.jsonl.old"), Has.Length.EqualTo(1), "kept for the record");
        Assert.That(OffloadJournal.Open(recordings.Journal, same.RecordingId).Confirmed, Is.Not.Null);
        Assert.That(audit, Is.EqualTo(new[] { "journal-set-aside" }));
    }

    private static void Confirm(string directory, string recordingId, string md5)
    {
        var journal = OffloadJournal.Open(directory, recordingId);
        journal.RecordStored("clip.mp4", md5, 10, Trigger);
        journal.RecordConfirmed(1, 10, Trigger);
    }
}
