// Docking runs the offload, end to end: the device assembly records real clips on virtual pins,
// the dock contact closes, and the firmware's own offload (SwiftDockOffload, started from the
// Docked state) sends them to a real Swift on 127.0.0.1, the status and the green LED following it.
using System.Security.Cryptography;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Indicators;
using BodyCamDevice.Firmware.Core.Offload;

namespace BodyCamDevice.Offload.Tests.Store.Dock;

public class DockOffloadTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-dock-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task DockingOffloadsEverySealedRecordingAndShowsUploadingThenDone()
    {
        var store = DevelopmentStore.Store;
        await using var device = DockedDevice.Create(store, _directory, clipLength: TimeSpan.FromSeconds(2));
        await device.StartAsync();
        await device.RecordAsync(TimeSpan.FromSeconds(3));
        await device.RecordAsync(TimeSpan.FromSeconds(1));
        var manifests = device.Manifests();
        Assert.That(manifests.Select(manifest => manifest.RecordingId).Distinct().Count(), Is.EqualTo(2));
        Assert.That(manifests, Has.Count.GreaterThanOrEqualTo(3), "the first recording split into clips");
        var md5s = manifests.ToDictionary(manifest => manifest.File.Name, manifest => manifest.File.Md5);

        await device.DockAsync(true);
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked));
        var done = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the offload ends");

        Assert.That(done.Phase, Is.EqualTo(DockOffloadPhase.Done), done.Reason);
        Assert.That((done.RecordingsTotal, done.RecordingsConfirmed), Is.EqualTo((2, 2)));
        Assert.That(done.Objects.Where(item => item.Name.EndsWith(".mp4", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(manifests.Count), "every clip, with its progress");
        Assert.That(done.Objects, Has.All.Matches<ObjectUploadProgress>(item => item!.Stored && item.SentBytes == item.TotalBytes));

        var containers = (await store.Admin.ListAsync()).Where(name => name.StartsWith(device.Officer + "_", StringComparison.Ordinal)).ToList();
        Assert.That(containers, Has.Count.EqualTo(2));
        foreach (var container in containers)
        {
            var metadata = await store.Admin.HeadAsync(container);
            Assert.That(metadata!["X-Container-Meta-Status"], Is.EqualTo("Complete"));
            foreach (var name in (await store.Admin.ListAsync(container)).Where(name => name.EndsWith(".mp4", StringComparison.Ordinal)))
            {
                var body = await store.Admin.GetAsync(container, name);
                Assert.That(md5s.Values, Does.Contain(Convert.ToHexStringLower(MD5.HashData(body!))), $"{name}: the MD5 the clip was written with");
            }
        }

        // Deleted only now, each file with the store's confirmation; the store still holds them.
        Assert.That(device.Manifests(), Is.Empty, "every manifest deleted");
        Assert.That(Directory.GetFiles(device.RecordingsDirectory, "*.mp4"), Is.Empty, "every clip deleted");
        var deletions = device.Device.Audit.Entries.Where(entry => entry.Kind == "footage-deleted").ToList();
        Assert.That(deletions, Has.Count.EqualTo(2 * manifests.Count), "each clip and each manifest");
        var clipDeletion = deletions.First(entry => entry.Details["file"].EndsWith(".mp4", StringComparison.Ordinal));
        Assert.That(clipDeletion.Details["etag"], Is.EqualTo(md5s[Path.GetFileName(clipDeletion.Details["file"])]));
        Assert.That(containers, Does.Contain(clipDeletion.Details["container"]));
        Assert.That(device.AuditKinds().ToList().LastIndexOf("footage-deleted"), Is.LessThan(device.AuditKinds().ToList().LastIndexOf("offload")), "deleted before the dock shows done");

        var phases = device.Device.Audit.Entries.Where(entry => entry.Kind == "offload").Select(entry => entry.Details["phase"]).ToList();
        Assert.That(phases, Is.EqualTo(new[] { "Uploading", "Done" }));
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(device.Device.Tracing.Trace.Last(StatusLedLine(device))?.High, Is.True, "done: the green LED solid");
    }

    [Test]
    public async Task ARecordingBeingWrittenIsNotOffloadedUntilItIsSealed()
    {
        var store = DevelopmentStore.Store;
        await using var device = DockedDevice.Create(store, _directory);
        await device.StartAsync();
        device.Controller.RequestStart(Firmware.Core.Recording.TriggerSource.ControlApi);
        await device.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));

        await device.DockAsync(true);
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "docking never ends a recording");
        Assert.That(device.Controller.Status.Offload!.Phase, Is.EqualTo(DockOffloadPhase.Idle), "no offload while it is written");
        Assert.That(device.AuditKinds(), Does.Not.Contain("offload"));

        device.Controller.RequestStop(Firmware.Core.Recording.StopReason.ControlApi);
        for (var step = 0; step < 500 && device.State != DeviceState.Docked; step++)
        {
            await device.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        }

        var done = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the offload ends");
        Assert.That((done.Phase, done.RecordingsConfirmed), Is.EqualTo((DockOffloadPhase.Done, 1)), "sealed, then offloaded");
    }

    [Test]
    public async Task WithoutAConnectionTheDockShowsFailingWithTheReason()
    {
        await using var device = DockedDevice.Create(DevelopmentStore.Store, _directory, connection: false);
        await device.StartAsync();
        await device.DockAsync(true);

        var failing = await device.DockStatusAsync(status => status.Phase == DockOffloadPhase.Failing, "failing");
        Assert.That(failing.Reason, Does.Contain("connection").And.Contain(device.ConnectionPath));
        var entry = device.Device.Audit.Entries.Last(item => item.Kind == "offload");
        Assert.That(entry.Details["phase"], Is.EqualTo("Failing"));
        Assert.That(entry.Details["reason"], Does.Contain("bodycam connection set"));

        // Two short pulses every 2 s: the failing pattern on the green LED.
        var since = device.Time.GetTimestamp();
        await device.AdvanceAsync(TimeSpan.FromSeconds(4));
        var pulses = device.Device.Tracing.Trace.Events(StatusLedLine(device), since).Count(change => change.High);
        Assert.That(pulses, Is.EqualTo(4));
    }

    private static string StatusLedLine(DockedDevice device) =>
        Firmware.Hardware.Tracing.OutputTrace.GpioLine(device.Assembly.Options.Pins.StatusLed.Pin);

    [Test]
    public async Task UndockingMidClipCancelsTheOffloadAndTheNextDockResumesIt()
    {
        var store = DevelopmentStore.Store;
        await using var proxy = await StoreProxy.StartAsync(store.AuthUri);
        await using var device = DockedDevice.Create(store, _directory, authUri: proxy.AuthUri);
        await device.StartAsync();
        await device.RecordAsync(TimeSpan.FromSeconds(3));
        var pause = proxy.PauseBody("PUT", path => path.EndsWith(".mp4", StringComparison.Ordinal), afterBytes: 1000);

        await device.DockAsync(true);
        await pause.Reached.WaitAsync(TimeSpan.FromSeconds(120));
        await device.DockAsync(false);
        pause.Release();
        await device.Assembly.Offload!.Running.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(device.AuditKinds(), Does.Contain("offload-cancelled"));
        Assert.That(device.Controller.Status.Offload!.Phase, Is.EqualTo(DockOffloadPhase.Idle), "undocked: nothing to show");
        Assert.That(device.Manifests(), Is.Not.Empty, "nothing deleted");

        proxy.ClearFaults();
        await device.AdvanceAsync(TimeSpan.FromSeconds(2));
        await device.DockAsync(true);
        var done = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the second dock ends");
        Assert.That(done.Phase, Is.EqualTo(DockOffloadPhase.Done), done.Reason);
        Assert.That(done.RecordingsConfirmed, Is.EqualTo(1));
    }

    [Test]
    public async Task ARecordingTheStoreRefusesIsKeptAndShownNotTransferred()
    {
        var store = DevelopmentStore.Store;
        await using var proxy = await StoreProxy.StartAsync(store.AuthUri);
        await using var device = DockedDevice.Create(store, _directory, authUri: proxy.AuthUri);
        await device.StartAsync();
        await device.RecordAsync(TimeSpan.FromSeconds(1));
        var recordingId = device.Manifests().Single().RecordingId;
        // The recording's own clip is refused; its copy into rejected content is taken.
        proxy.Answer("PUT", path => path.EndsWith(".mp4", StringComparison.Ordinal) && !path.Contains("RejectedContent_", StringComparison.Ordinal), 400, times: 100);

        await device.DockAsync(true);
        var done = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the offload ends");

        Assert.That(done.Phase, Is.EqualTo(DockOffloadPhase.Done), done.Reason);
        Assert.That(done.NotTransferred, Is.EqualTo(new[] { recordingId }));
        Assert.That(done.Reason, Does.Contain("not transferred"));
        Assert.That(device.Manifests(), Has.Count.EqualTo(1), "kept on the camera");
        Assert.That(Directory.GetFiles(device.RecordingsDirectory, "*.mp4"), Has.Length.EqualTo(1));
        var entry = device.Device.Audit.Entries.Single(item => item.Kind == "not-transferred");
        Assert.That(entry.Details["recording"], Is.EqualTo(recordingId));
        Assert.That(entry.Details["rejectedContainer"], Does.StartWith("RejectedContent_"), "copied where the back office looks for refused content");
        Assert.That(device.AuditKinds(), Does.Not.Contain("footage-deleted"));
    }

    [Test]
    public async Task AFullStoreStopsTheDockFailingAndDeletesNothing()
    {
        var store = DevelopmentStore.Store;
        await using var proxy = await StoreProxy.StartAsync(store.AuthUri);
        await using var device = DockedDevice.Create(store, _directory, authUri: proxy.AuthUri);
        await device.StartAsync();
        await device.RecordAsync(TimeSpan.FromSeconds(1));
        proxy.Answer("PUT", path => path.EndsWith(".mp4", StringComparison.Ordinal), 507, times: 100);

        await device.DockAsync(true);
        var failing = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the offload ends");

        Assert.That(failing.Phase, Is.EqualTo(DockOffloadPhase.Failing));
        Assert.That(failing.Reason, Does.StartWith("StoreFull"));
        Assert.That(device.Manifests(), Has.Count.EqualTo(1), "nothing deleted");
        Assert.That(device.Device.Audit.Entries.Last(item => item.Kind == "offload").Details["reason"], Does.StartWith("StoreFull"));
    }

    [Test]
    public void TheDockedLightPatternsDifferFromEachOtherAndFromTheRest()
    {
        var patterns = new IndicatorPatterns(new Firmware.Configuration.LightOptions());
        var docked = new[] { DockOffloadPhase.Uploading, DockOffloadPhase.Done, DockOffloadPhase.Failing, DockOffloadPhase.Idle }
            .Select(phase => patterns.StatusLed(DeviceState.Docked, null, phase)).ToList();
        Assert.That(docked.Distinct().Count(), Is.EqualTo(4), "uploading, done, failing and charging only each look different");
        var others = new[] { DeviceState.Buffering, DeviceState.Fault }.Select(state => patterns.StatusLed(state, null));
        Assert.That(docked.Intersect(others), Is.Empty, "none looks like buffering or a fault code");
        Assert.That(patterns.StatusLed(DeviceState.Docked, null, DockOffloadPhase.Done), Is.EqualTo(LightPattern.Solid), "done: solid green, as a dock's 'all done'");
        Assert.That(patterns.StatusLed(DeviceState.Docked, null), Is.Not.EqualTo(patterns.StatusLed(DeviceState.Docked, null, DockOffloadPhase.Done)),
            "docked without a store to offload to is not mistaken for done");
    }
}
