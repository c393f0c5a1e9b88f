// Storage running out: the alarm when it gets near full, a clean end of the clip (playable,
// sealed, manifest saying StorageFull) when it reaches the reserve, and no recording at all
// when it is already full. Free space is simulated; the muxer and files are real.
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingStorageTests
{
    private static readonly StorageOptions Thresholds = new()
    {
        NearFullFraction = 0.10,
        ReserveBytes = FakeStorageSpace.Gigabyte,
        CheckInterval = TimeSpan.FromMilliseconds(10),
    };

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = System.IO.Directory.CreateTempSubdirectory("bodycam-storage-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Reaching_the_reserve_seals_a_playable_clip_and_ends_the_recording()
    {
        EncodedStream stream = MediaTools.Encode(6);
        var storage = new FakeStorageSpace();
        var observer = new ObserverLog();
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            TriggerUnit = RecordingRun.UnitAt(stream, 2),
            Storage = Thresholds,
            Services = new RecordingServices { Storage = storage, Observer = observer },
        };

        run.Start();
        await run.AppendLiveAsync(run.TriggerUnit, RecordingRun.UnitAt(stream, 4));
        await run.WaitUntilCaughtUpAsync();
        storage.FreeBytes = 5 * FakeStorageSpace.Gigabyte;
        await run.AdvanceAsync(2 * Thresholds.CheckInterval);
        Assert.That(observer.StorageLevels, Is.EqualTo(new[] { StorageLevel.NearFull }), "reported at the next check");
        storage.FreeBytes = FakeStorageSpace.Gigabyte / 2;
        await run.AdvanceAsync(2 * Thresholds.CheckInterval);
        RecordingResult result = await run.Session.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await run.AppendLiveAsync(RecordingRun.UnitAt(stream, 4), stream.Units.Count);

        ClipManifest manifest = result.Clips.Single();
        ProbedClip probe = MediaTools.Probe(run.ClipPath(manifest));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(RecordingOutcome.StorageFull));
            Assert.That(observer.StorageLevels, Is.EqualTo(new[] { StorageLevel.NearFull, StorageLevel.Full }));
            Assert.That(manifest.EndReason, Is.EqualTo("StorageFull"));
            Assert.That(manifest.TriggerOff!.Reason, Is.EqualTo("StorageFull"));
            Assert.That(manifest.FinalClip, Is.True);
            Assert.That(probe.Of("video")[0].Keyframe, Is.True);
            Assert.That(probe.Of("video"), Has.Count.EqualTo(manifest.Frames.VideoFrames));
            Assert.That(manifest.Frames.VideoFrames, Is.GreaterThanOrEqualTo(4 * MediaTools.FramesPerSecond - 1), "everything up to the moment it ran out");
            Assert.That(manifest.Frames.LastSequence, Is.LessThan(run.Appended.Values.Max(append => append.Sequence)), "nothing after it");
            Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(run.ClipPath(manifest))));
            Assert.That(File.Exists(run.ManifestPath(manifest)), Is.True);
        });
    }

    [Test]
    public async Task Already_full_storage_records_nothing_and_says_so()
    {
        EncodedStream stream = MediaTools.Encode(6);
        var storage = new FakeStorageSpace { FreeBytes = FakeStorageSpace.Gigabyte / 2 };
        var observer = new ObserverLog();
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            Storage = Thresholds,
            Services = new RecordingServices { Storage = storage, Observer = observer },
        };

        run.Start();
        RecordingResult result = await run.Session.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Outcome, Is.EqualTo(RecordingOutcome.StorageFull));
        Assert.That(result.Clips, Is.Empty);
        Assert.That(observer.StorageLevels, Is.EqualTo(new[] { StorageLevel.Full }));
        Assert.That(System.IO.Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public async Task Near_full_storage_sounds_the_alarm_and_still_records()
    {
        EncodedStream stream = MediaTools.Encode(6);
        var storage = new FakeStorageSpace { FreeBytes = 5 * FakeStorageSpace.Gigabyte };
        var observer = new ObserverLog();
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            Storage = Thresholds,
            Services = new RecordingServices { Storage = storage, Observer = observer },
        };

        RecordingResult result = await run.RecordAsync();

        Assert.That(result.Outcome, Is.EqualTo(RecordingOutcome.Stopped));
        Assert.That(observer.StorageLevels, Is.EqualTo(new[] { StorageLevel.NearFull }));
        Assert.That(result.Clips.Single().EndReason, Is.EqualTo("Stopped"));
    }
}
