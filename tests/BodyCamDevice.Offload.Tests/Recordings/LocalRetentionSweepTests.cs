// The camera's own housekeeping on real files and real journals: a confirmed recording whose
// deletion a power cut interrupted is finished (only files still matching what the store holds,
// the manifest last); an unconfirmed one is never touched, however old; a journal is pruned once
// its recording is confirmed, gone from the camera and older than the retention, and so is a
// journal set aside for a reused recording ID.
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Dock;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests.Recordings;

public class LocalRetentionSweepTests
{
    private static readonly DateTimeOffset Trigger = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Keep = TimeSpan.FromDays(31);

    [Test]
    public void AConfirmedRecordingsLeftoversGoIfTheyStillMatchTheStoreTheManifestLast()
    {
        using var recordings = new TestRecordings();
        var recording = recordings.Make(Trigger, clips: 2);
        var journal = OffloadJournal.Open(recordings.Journal, recording.RecordingId);
        foreach (var file in recording.Files)
        {
            journal.RecordStored(Path.GetFileName(file.Path), file.Md5, file.SizeBytes, Trigger.AddHours(1), file.Path);
        }

        journal.RecordConfirmed(recording.Files.Count(), recording.Files.Sum(file => file.SizeBytes), Trigger.AddHours(1));
        var changed = recording.Clips[1].Media.Path;
        File.AppendAllText(changed, "changed after it was sent");
        var audit = new List<(string Kind, Dictionary<string, string> Details)>();

        var result = LocalRetentionSweep.Run(recordings.Journal, recordings.Directory, null, Trigger.AddHours(2), Keep, (kind, details) => audit.Add((kind, details.ToDictionary(pair => pair.Key, pair => pair.Value))));

        Assert.That(result.Deleted, Has.Count.EqualTo(3), "clip 1 and both manifests");
        Assert.That(result.Deleted[^1], Does.EndWith(".json"), "a manifest last");
        Assert.That(File.Exists(changed), Is.True, "a file that is no longer what the store holds stays");
        Assert.That(audit.Single(entry => entry.Kind == "footage-kept").Details["file"], Is.EqualTo(changed));
        Assert.That(audit.Where(entry => entry.Kind == "footage-deleted").Select(entry => entry.Details["by"]), Has.All.Contains("local retention"));
        Assert.That(result.PrunedJournals, Is.Empty, "a file of it is left");
    }

    [Test]
    public void AnUnconfirmedRecordingIsNeverTouchedHoweverOld()
    {
        using var recordings = new TestRecordings();
        var recording = recordings.Make(Trigger);
        var journal = OffloadJournal.Open(recordings.Journal, recording.RecordingId);
        foreach (var file in recording.Files)
        {
            journal.RecordStored(Path.GetFileName(file.Path), file.Md5, file.SizeBytes, Trigger, file.Path);
        }

        journal.RecordComplete(Trigger);

        var result = LocalRetentionSweep.Run(recordings.Journal, recordings.Directory, null, Trigger.AddYears(5), Keep, (_, _) => { });

        Assert.That(result.Deleted, Is.Empty);
        Assert.That(result.PrunedJournals, Is.Empty);
        Assert.That(recording.Files.Select(file => File.Exists(file.Path)), Is.All.True);
    }

    [Test]
    public void AJournalIsPrunedOnceItsRecordingIsConfirmedGoneAndOlderThanTheRetention()
    {
        using var recordings = new TestRecordings();
        var gone = recordings.Make(Trigger);
        var recent = recordings.Make(Trigger.AddDays(20), counter: 2);
        foreach (var recording in new[] { gone, recent })
        {
            var journal = OffloadJournal.Open(recordings.Journal, recording.RecordingId);
            journal.RecordConfirmed(1, 1, recording.TriggerOn.Utc.AddHours(1));
            foreach (var file in recording.Files)
            {
                File.Delete(file.Path);
            }
        }

        var pruned = new List<string>();
        var result = LocalRetentionSweep.Run(recordings.Journal, recordings.Directory, null, Trigger.AddDays(40), Keep, (kind, details) =>
        {
            if (kind == "journal-pruned")
            {
                pruned.Add(details.Single(pair => pair.Key == "recording").Value);
            }
        });

        Assert.That(result.PrunedJournals, Is.EqualTo(new[] { gone.RecordingId }), "the other was confirmed 20 days ago");
        Assert.That(pruned, Is.EqualTo(result.PrunedJournals));
        Assert.That(File.Exists(Path.Combine(recordings.Journal, recent.RecordingId + ".jsonl")), Is.True);
    }

    [Test]
    public void AJournalSetAsideGoesByTheSameRuleAndOneNotConfirmedStays()
    {
        using var recordings = new TestRecordings();
        var gone = recordings.Make(Trigger);
        var stillHere = recordings.Make(Trigger, counter: 2);
        var recent = recordings.Make(Trigger.AddDays(20), counter: 3);
        var unconfirmed = recordings.Make(Trigger, counter: 4);
        foreach (var recording in new[] { gone, recent, unconfirmed })
        {
            foreach (var file in recording.Files)
            {
                File.Delete(file.Path);
            }
        }

        string SetAside(OffloadRecording recording, bool confirmed)
        {
            var journal = OffloadJournal.Open(recordings.Journal, recording.RecordingId);
            journal.RecordStored("clip.mp4", new string('f', 32), 10, recording.TriggerOn.Utc);
            if (confirmed)
            {
                journal.RecordConfirmed(1, 10, recording.TriggerOn.Utc.AddHours(1));
            }

            var path = Path.Combine(recordings.Journal, recording.RecordingId + ".jsonl");
            var aside = Path.Combine(recordings.Journal, recording.RecordingId + ReusedRecordingIds.SetAsideMarker + "20260302T090000Z" + ReusedRecordingIds.SetAsideExtension);
            File.Move(path, aside);
            return aside;
        }

        var goneAside = SetAside(gone, confirmed: true);
        var stillHereAside = SetAside(stillHere, confirmed: true);
        var recentAside = SetAside(recent, confirmed: true);
        var unconfirmedAside = SetAside(unconfirmed, confirmed: false);
        var audit = new List<Dictionary<string, string>>();

        var result = LocalRetentionSweep.Run(recordings.Journal, recordings.Directory, null, Trigger.AddDays(40), Keep, (kind, details) =>
        {
            if (kind == "journal-pruned")
            {
                audit.Add(details.ToDictionary(pair => pair.Key, pair => pair.Value));
            }
        });

        Assert.That(result.PrunedJournals, Is.EqualTo(new[] { Path.GetFileName(goneAside) }));
        Assert.That(File.Exists(goneAside), Is.False, "confirmed, no file of it left, older than the retention");
        Assert.That(File.Exists(stillHereAside), Is.True, "files under its recording ID are still on the camera");
        Assert.That(File.Exists(recentAside), Is.True, "confirmed 20 days ago");
        Assert.That(File.Exists(unconfirmedAside), Is.True, "never confirmed: kept however old");
        Assert.That(audit.Single()["recording"], Is.EqualTo(gone.RecordingId));
        Assert.That(audit.Single()["journal"], Is.EqualTo(Path.GetFileName(goneAside)));
    }

    [Test]
    public void ThePolicyDeletesOnlyConfirmedFilesThatMatchTheStore()
    {
        Assert.That(LocalRetentionPolicy.MayDeleteLocal(true, 10, "ab", 10, "AB"), Is.True);
        Assert.That(LocalRetentionPolicy.MayDeleteLocal(false, 10, "ab", 10, "ab"), Is.False, "not confirmed");
        Assert.That(LocalRetentionPolicy.MayDeleteLocal(true, 11, "ab", 10, "ab"), Is.False, "size differs");
        Assert.That(LocalRetentionPolicy.MayDeleteLocal(true, 10, "ac", 10, "ab"), Is.False, "MD5 differs");
        Assert.That(LocalRetentionPolicy.MayPruneJournal(null, false, Trigger.AddYears(1), Keep), Is.False, "never confirmed");
        Assert.That(LocalRetentionPolicy.MayPruneJournal(Trigger, true, Trigger.AddYears(1), Keep), Is.False, "files left");
        Assert.That(LocalRetentionPolicy.MayPruneJournal(Trigger, false, Trigger.AddDays(30), Keep), Is.False, "too recent");
        Assert.That(LocalRetentionPolicy.MayPruneJournal(Trigger, false, Trigger.AddDays(31), Keep), Is.True);
    }
}
