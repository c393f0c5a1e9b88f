// Categories set on the camera reach a real Swift on 127.0.0.1: the first dock reads the store's
// System/Categories.json and keeps it on the camera; undocked, the officer steps the newer of two
// recordings to the store's first category with the function button; at the next dock that
// recording goes first, carries its category in the container metadata, as a BWI bookmark and as
// its signed record, and has no expiry, while the older, uncategorised one expires.
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Core.Offload;
using BodyCamDevice.Firmware.Evidence.Categories;
using BodyCamDevice.Firmware.Offload.Categories;

namespace BodyCamDevice.Offload.Tests.Store.Dock;

public class DockCategoryTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-dock-categories-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task ACategorySetOnTheCameraGoesFirstToTheStoreWithoutExpiry()
    {
        var store = DevelopmentStore.Store;
        await using var device = DockedDevice.Create(store, _directory, clipLength: TimeSpan.FromSeconds(2));
        await device.StartAsync();
        Assert.That(device.Controller.Categories.Known, Is.False, "none before the first dock");
        await device.RecordAsync(TimeSpan.FromSeconds(1));
        var refused = await device.Controller.SetCategories(null, ["1"], "control api");
        Assert.That(refused.Outcome, Is.EqualTo(CategoryChangeOutcome.NoneKnown), refused.Detail);

        // A first dock: the store's categories come back with the camera (and its first recording goes).
        await device.DockAsync(true);
        var first = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the first dock ends");
        Assert.That(first.Phase, Is.EqualTo(DockOffloadPhase.Done), first.Reason);
        await device.DockAsync(false);
        var catalog = device.Controller.Categories;
        Assert.That(catalog.Known, Is.True, catalog.Note);
        Assert.That(catalog.Entries.First().Id, Is.EqualTo("1"));
        Assert.That(CategoryCatalogFile.Load(Path.Combine(_directory, CategoryCatalogFile.FileName)).Entries, Is.EqualTo(catalog.Entries), "kept on the camera");

        await device.RecordAsync(TimeSpan.FromSeconds(1));
        var older = device.Manifests().Select(manifest => manifest.RecordingId).Distinct().Single();
        await device.RecordAsync(TimeSpan.FromSeconds(1));
        var newer = device.Manifests().Select(manifest => manifest.RecordingId).Distinct().Single(id => id != older);

        // The function button, once, while buffering: the last recording gets the first category.
        device.Device.SetInput(DeviceInput.FunctionButton, true);
        await device.AdvanceAsync(TimeSpan.FromMilliseconds(150));
        device.Device.SetInput(DeviceInput.FunctionButton, false);
        await device.AdvanceAsync(TimeSpan.FromMilliseconds(150));
        var line = await AuditedAsync(device, "category");
        Assert.That(line.Details["recording"], Is.EqualTo(newer));
        Assert.That(line.Details["officer"], Is.EqualTo(device.Officer));
        var record = CategoryRecordFile.Read(device.RecordingsDirectory, newer);
        Assert.That(record!.Categories.Single().Id, Is.EqualTo("1"));

        await device.DockAsync(true);
        var done = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the second dock ends");
        Assert.That(done.Phase, Is.EqualTo(DockOffloadPhase.Done), done.Reason);
        var startedFirst = done.Objects.Select(item => item.RecordingId).Distinct().ToList();
        Assert.That(startedFirst, Is.EqualTo(new[] { newer, older }), "evidence first, though it is newer");

        var containers = (await store.Admin.ListAsync()).Where(name => name.StartsWith(device.Officer + "_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.That(containers, Has.Count.EqualTo(3));
        var (olderContainer, newerContainer) = (containers[1], containers[2]);
        var metadata = (await store.Admin.HeadAsync(newerContainer))!;
        Assert.That(metadata["X-Container-Meta-Categories"], Is.EqualTo("1"));
        Assert.That(metadata["X-Container-Meta-Evidence"], Is.EqualTo("true"));
        Assert.That((await store.Admin.HeadAsync(olderContainer))!.ContainsKey("X-Container-Meta-Categories"), Is.False);

        var newerObjects = await store.Admin.ListAsync(newerContainer);
        var bookmark = (await store.Admin.HeadAsync(newerContainer, newerObjects.Single(name => name.StartsWith("bookmark_", StringComparison.Ordinal))))!;
        Assert.That(bookmark["X-Object-Meta-Categoryid"], Is.EqualTo("1"));
        Assert.That(Uri.UnescapeDataString(bookmark["X-Object-Meta-Categoryname"]), Is.EqualTo(catalog.Entries[0].Name));
        var stored = await store.Admin.GetAsync(newerContainer, newerObjects.Single(name => name.EndsWith(".categories.jws", StringComparison.Ordinal)));
        Assert.That(CategoryRecordFile.Parse(stored, "stored record").OfficerId, Is.EqualTo(device.Officer), "the record who set it, in the store");

        foreach (var name in newerObjects)
        {
            Assert.That((await store.Admin.HeadAsync(newerContainer, name))!.ContainsKey("X-Delete-At"), Is.False, $"evidence never expires: {name}");
        }

        var olderClip = (await store.Admin.ListAsync(olderContainer)).First(name => name.EndsWith(".mp4", StringComparison.Ordinal));
        Assert.That((await store.Admin.HeadAsync(olderContainer, olderClip))!.ContainsKey("X-Delete-At"), Is.True, "uncategorised: expires");
        Assert.That(File.Exists(CategoryRecordFile.PathFor(device.RecordingsDirectory, newer)), Is.False, "the record goes with the confirmed recording");
    }

    // The category record is written off the device loop; its audit line follows once it is on storage.
    private static async Task<Firmware.Core.Audit.AuditEntry> AuditedAsync(DockedDevice device, string kind)
    {
        for (var wait = 0; wait < 500; wait++)
        {
            if (device.Device.Audit.Entries.LastOrDefault(entry => entry.Kind == kind && entry.Details.GetValueOrDefault("result") == "set") is { } entry)
            {
                return entry;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"no '{kind}' audit line within 10 s");
        return null!;
    }
}
