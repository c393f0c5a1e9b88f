// Retention with a short period, against Swift's own object expirer: objects of a recording that
// is not evidence are gone once its expiry has passed and the expirer has run; a recording with an
// evidence category, and one flagged as evidence in the back office after upload, remain with
// all their metadata. Waits on the real clock: the expirer is a real process. The fixture has a
// store of its own, whose expirer has only this test's objects to look at (on the shared store,
// behind every other test's work on a busy machine, it was seen to take minutes).
using System.Diagnostics;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Recordings;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Offload.Tests.Store;

public class RetentionTests
{
    private SwiftDevStore _store = null!;

    [OneTimeSetUp]
    public async Task StartStoreAsync() => _store = await SwiftDevStore.StartAsync();

    [OneTimeTearDown]
    public async Task StopStoreAsync() => await _store.DisposeAsync();

    [Test]
    public async Task AfterTheExpirerRunsUnflaggedObjectsAreGoneAndFlaggedOnesRemain()
    {
        var store = _store;
        using var recordings = new TestRecordings();
        var trigger = DateTimeOffset.UtcNow;
        var expiring = recordings.Make(trigger);
        var flagged = recordings.Make(trigger.AddSeconds(1), counter: 2);
        var evidence = recordings.Make(trigger.AddSeconds(2), counter: 3, categories: [new StoreCategory("1", "Evidence")]);
        var settings = Connections.QuickRetries();
        settings.Retention = TimeSpan.FromSeconds(10);
        settings.MinimumTimeInStore = TimeSpan.FromSeconds(3); // X-Delete-At in the past would be refused (400) on a slow machine
        var connection = Connections.Of(store);

        var report = await new OffloadSession(connection, Connections.Options(recordings, settings), TimeProvider.System).RunAsync([expiring, flagged, evidence], CancellationToken.None);
        Assert.That(report.Recordings.Select(result => result.Outcome), Is.All.EqualTo(RecordingOffloadOutcome.Confirmed));
        var containers = report.Recordings.ToDictionary(result => result.RecordingId, result => result.Container!);
        var flaggedObjects = await store.Admin.ListAsync(containers[flagged.RecordingId]);
        var before = await store.Admin.HeadAsync(containers[flagged.RecordingId], flaggedObjects[0]);
        Assert.That(before!.ContainsKey("X-Delete-At"), Is.True);

        using (var client = new SwiftStoreClient(connection, TimeProvider.System, TimeSpan.FromSeconds(30)))
        {
            var count = await StoreEvidence.FlagAsync(client, containers[flagged.RecordingId], DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.That(count, Is.EqualTo(flaggedObjects.Count));
        }

        var after = await store.Admin.HeadAsync(containers[flagged.RecordingId], flaggedObjects[0]);
        Assert.That(after!.ContainsKey("X-Delete-At"), Is.False, "the expiry is removed");
        Assert.That(after.Where(header => header.Key.StartsWith("X-Object-Meta-")), Is.EquivalentTo(before.Where(header => header.Key.StartsWith("X-Object-Meta-"))), "every metadata value re-sent");
        Assert.That(after["Content-Type"], Is.EqualTo(before["Content-Type"]));

        // Past the expiry the store refuses to serve the objects at once; the expirer then deletes
        // them (it runs every second in the development store, slower on a busy machine).
        var expiringObjects = await store.Admin.ListAsync(containers[expiring.RecordingId]);
        Assert.That(expiringObjects, Is.Not.Empty);
        var clock = Stopwatch.StartNew();
        while (DateTimeOffset.UtcNow < trigger + settings.Retention + TimeSpan.FromSeconds(4) || await store.Admin.HeadAsync(containers[expiring.RecordingId], expiringObjects[0]) is not null)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "still served long after its expiry");
            await Task.Delay(500);
        }

        foreach (var name in expiringObjects)
        {
            Assert.That(await store.Admin.HeadAsync(containers[expiring.RecordingId], name), Is.Null, $"{name} is not served after its expiry");
        }

        while (clock.Elapsed < TimeSpan.FromSeconds(180) && (await store.Admin.ListAsync(containers[expiring.RecordingId])).Count > 0)
        {
            await Task.Delay(500);
        }

        Assert.That(await store.Admin.ListAsync(containers[expiring.RecordingId]), Is.Empty, "gone from the listing: the expirer deleted them");
        Assert.That(DateTimeOffset.UtcNow, Is.GreaterThan(trigger + settings.Retention), "not before its time");
        Assert.That(await store.Admin.ListAsync(containers[flagged.RecordingId]), Is.EquivalentTo(flaggedObjects));
        Assert.That(await store.Admin.GetAsync(containers[flagged.RecordingId], flaggedObjects.First(name => name.EndsWith(".mp4"))),
            Is.EqualTo(await File.ReadAllBytesAsync(flagged.Clips[0].Media.Path)));
        Assert.That(await store.Admin.ListAsync(containers[evidence.RecordingId]), Has.Count.EqualTo(evidence.Files.Count() + 2), "clip, manifest, marker and category bookmarks");

        using var lister = new SwiftStoreClient(connection, TimeProvider.System, TimeSpan.FromSeconds(30));
        var listed = (await StoreEvidence.ListAsync(lister, CancellationToken.None)).ToDictionary(item => item.Container);
        Assert.That(listed[containers[flagged.RecordingId]].FlaggedAsEvidence, Is.Not.Null);
        Assert.That(listed[containers[flagged.RecordingId]].DeleteAt, Is.Null);
        Assert.That(listed[containers[evidence.RecordingId]].Status, Is.EqualTo("Complete"));
    }
}
