// The whole device with its real capture pipeline on virtual time (PipelineDevice): virtual pins,
// the virtual camera, the pre-record buffer, the recording writer and real files. A double-press
// after a few seconds of buffering gives a clip whose pre-roll, hash and markers the manifest
// states; the red LED lights only once recording bytes are on storage; a full disk, a camera that
// fails or stalls mid-recording, docking and re-triggering all end as a body camera must. Every
// clip is checked with ffprobe, the independent reader.
using System.Device.Gpio;
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Pipeline;

[Category("ffmpeg")]
public class CapturePipelineTests
{
    private static readonly TimeSpan Press = TimeSpan.FromMilliseconds(100);
    private static readonly double FrameSeconds = 1.0 / VirtualCameraSource.FrameRate;

    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        MediaTools.RequireFfmpeg();
        _directory = Directory.CreateTempSubdirectory("bodycam-pipeline-").FullName;
    }

    // A test may leave a file where the directory was (a card replaced by something else).
    [TearDown]
    public void RemoveDirectory()
    {
        if (File.Exists(_directory))
        {
            File.Delete(_directory);
        }
        else
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task ADoublePressRecordsTheBufferedSecondsAndTheLedWaitsForBytesOnStorage()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(2));
        await device.StartAsync(TimeSpan.FromSeconds(2.5));

        await device.PressAsync(Press);
        await device.AdvanceAsync(TimeSpan.FromMilliseconds(150));
        await device.PressAsync(Press);
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "recording as soon as the writer has the backlog on storage");
        device.Controller.RequestMarker("test");
        await device.AdvanceAsync(TimeSpan.FromSeconds(2));
        device.Controller.RequestStop(StopReason.ControlApi);
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(1), "buffering again");

        var manifest = device.Manifests().Single();
        var clipPath = device.ClipPath(manifest);
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(clipPath)), "hash written while writing equals the file's");
        Assert.That(manifest.File.Md5, Is.EqualTo(MediaTools.Md5Sum(clipPath)), "the store's checksum, taken while writing, equals md5sum's");
        Assert.That(manifest.PreRollSeconds, Is.InRange(2.0, 3.1), "2 s pre-record, within one GOP");
        Assert.That(manifest.Markers, Has.Count.EqualTo(1));
        Assert.That(manifest.Device.Serial, Is.EqualTo("BC-PIPE01"));
        Assert.That(manifest.Gaps, Is.Empty);
        Assert.That((manifest.Video!.Width, manifest.Video.Height, manifest.Video.FrameRate), Is.EqualTo((VirtualCameraSource.Width, VirtualCameraSource.Height, (double)VirtualCameraSource.FrameRate)));

        var clip = MediaTools.Probe(clipPath);
        var video = clip.Of("video");
        Assert.That(video[0].Keyframe, Is.True, "the clip starts on a keyframe");
        Assert.That(video, Has.Count.EqualTo(manifest.Frames.VideoFrames));
        Assert.That(clip.Duration, Is.InRange(4.2, 5.5));
        for (var i = 1; i < video.Count; i++)
        {
            var step = clip.Seconds(video[i]) - clip.Seconds(video[i - 1]);
            Assert.That(step, Is.GreaterThan(0).And.LessThanOrEqualTo(1.5 * FrameSeconds), $"frame {i}: no gap, no duplicate across the trigger");
        }

        // The red LED came on after the recording was confirmed flowing, never before.
        var audit = device.Device.Audit.Entries;
        var requested = audit.First(e => e.Kind == "recording-start-requested").Time;
        var confirmed = audit.First(e => e.Kind == "recording-started").Time;
        var firstLit = device.Device.Gpio.EdgesOf(device.Options.Pins.RecordIndicator.Pin).First(e => e.Value == PinValue.High && e.Time >= requested);
        Assert.That(firstLit.Time, Is.GreaterThanOrEqualTo(confirmed));
    }

    [Test]
    public async Task AWriterThatCannotWriteSoundsTheStorageFaultAlarmNotTheCameraOne()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1));
        await device.StartAsync(TimeSpan.FromSeconds(1.2));

        // The card is gone and something else sits where the recordings directory was.
        var recordings = device.Options.Recording.Directory;
        Directory.Delete(recordings, recursive: true);
        File.WriteAllText(recordings, "not a directory");
        device.Controller.RequestStart(TriggerSource.ControlApi);
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering && device.Device.Audit.Entries.Any(e => e.Kind == "fault"), TimeSpan.FromSeconds(10), "a storage fault, then buffering again");

        var fault = device.Device.Audit.Entries.First(e => e.Kind == "fault");
        Assert.That(fault.Details["code"], Is.EqualTo("Storage"));
        var alarms = device.Device.Audit.Entries.Where(e => e.Kind == "alarm" && e.Details["active"] == "true").Select(e => e.Details["alarm"]);
        Assert.That(alarms, Does.Contain("StorageFault").And.Not.Contain("CameraFault"));
    }

    [Test]
    public async Task AFullDiskClosesTheClipCleanlyAndSoundsTheAlarm()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1), options => options.Recording.ReserveMegabytes = 100);
        device.Drivers.Storage.FreeBytes = 512L * 1024 * 1024;
        await device.StartAsync(TimeSpan.FromSeconds(1.2));
        device.Controller.RequestStart(TriggerSource.ControlApi);
        await device.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));

        device.Drivers.Storage.FreeBytes = 10L * 1024 * 1024; // below the 100 MiB reserve
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(2), "the pipeline ended the recording within its 1 s check");

        Assert.That(device.Controller.Status.Alarms, Does.Contain(AlarmKind.StorageFull));
        var manifest = device.Manifests().Single();
        Assert.That(manifest.EndReason, Is.EqualTo("StorageFull"));
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(device.ClipPath(manifest))));
        Assert.That(MediaTools.Probe(device.ClipPath(manifest)).Of("video"), Has.Count.EqualTo(manifest.Frames.VideoFrames), "the clip stays playable, every frame");
    }

    [Test]
    public async Task ARecordingSurvivesACameraFailureInItsNextClipWithTheOutageAsAGap()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1), options => options.Camera.Restart.InitialDelay = TimeSpan.FromMilliseconds(200));
        await device.StartAsync(TimeSpan.FromSeconds(1.2));
        device.Controller.RequestStart(TriggerSource.ControlApi);
        await device.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        var recordingId = device.Controller.Status.RecordingId;

        var failed = device.Time.GetUtcNow();
        device.Camera.Fail("sensor lost");
        await device.Capture.IdleAsync();
        Assert.That(device.State, Is.EqualTo(DeviceState.Fault));
        Assert.That(device.Manifests().Single().EndReason, Is.EqualTo("CameraFault"), "clip 1 sealed during the outage");
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(device.State, Is.EqualTo(DeviceState.Fault), "the restarted camera delivers nothing while broken");
        device.Camera.Recover();
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Recording, TimeSpan.FromSeconds(3), "recording again");
        Assert.That(device.Controller.Status.Alarms, Is.Empty, "the camera alarm clears");
        Assert.That(device.Controller.Status.RecordingId, Is.EqualTo(recordingId), "the same recording goes on");
        await device.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        device.Controller.RequestStop(StopReason.ControlApi);
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(1), "stopped");

        var manifests = device.Manifests();
        Assert.That(manifests.Select(m => (m.RecordingId, m.ClipIndex)), Is.EqualTo(new[] { (recordingId!, 1), (recordingId!, 2) }), "clip 1 before the failure, clip 2 after it");
        Assert.That((manifests[0].EndReason, manifests[0].FinalClip, manifests[0].TriggerOff), Is.EqualTo(("CameraFault", false, (ManifestEvent?)null)));
        Assert.That((manifests[1].EndReason, manifests[1].FinalClip, manifests[1].TriggerOff?.Reason), Is.EqualTo(("Stopped", true, "ControlApi")));
        Assert.That(manifests[1].TriggerOn, Is.EqualTo(manifests[0].TriggerOn), "one trigger for the whole recording");

        // The outage is in clip 2's manifest: from clip 1's last frame to clip 2's first, which
        // brackets the failure and lasts at least the time the camera was broken.
        var outage = manifests[1].Gaps.Single(gap => gap.Cause == ManifestGap.CameraRestart);
        Assert.That(outage.FromUtc, Is.EqualTo(manifests[0].Clip.StopUtc));
        Assert.That(outage.ToUtc, Is.EqualTo(manifests[1].Clip.StartUtc));
        Assert.That(DateTimeOffset.Parse(outage.FromUtc, CultureInfo.InvariantCulture), Is.InRange(failed.AddSeconds(-FrameSeconds), failed.AddSeconds(FrameSeconds)), "the end of the last frame before the failure");
        Assert.That(DateTimeOffset.Parse(outage.ToUtc, CultureInfo.InvariantCulture), Is.GreaterThan(failed.AddSeconds(1)));
        Assert.That(outage.DurationSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(outage.FromSequence, Is.EqualTo(manifests[0].Frames.LastSequence + 1));
        Assert.That(outage.ToSequence, Is.EqualTo(manifests[1].Frames.FirstSequence - 1));
        Assert.That(manifests[1].TimeAnchor!.Pts, Is.Not.EqualTo(manifests[0].TimeAnchor!.Pts), "the restarted camera's timeline");
        foreach (var manifest in manifests)
        {
            var clip = MediaTools.Probe(device.ClipPath(manifest));
            Assert.That(clip.Of("video")[0].Keyframe, Is.True);
            Assert.That(clip.Of("video"), Has.Count.EqualTo(manifest.Frames.VideoFrames));
            Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(device.ClipPath(manifest))));
        }
    }

    [Test]
    public async Task AStalledCameraIsCaughtByItsWatchdogAndTheRecordingGoesOnOnceItDeliversAgain()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1), options =>
        {
            options.Camera.StallTimeout = TimeSpan.FromSeconds(2);
            options.Camera.Restart.InitialDelay = TimeSpan.FromMilliseconds(500);
        });
        await device.StartAsync(TimeSpan.FromSeconds(1.2));
        device.Controller.RequestStart(TriggerSource.ControlApi);
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        var runsBefore = device.Camera.GetStatistics().Runs;

        device.Camera.Stall();
        await device.AdvanceAsync(TimeSpan.FromSeconds(1.9));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording), "no fault before the stall timeout");
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Fault, TimeSpan.FromSeconds(0.2), "the watchdog's fault");
        Assert.That(device.Device.Audit.Entries.Last(e => e.Kind == "fault").Details["detail"], Does.StartWith("no video from the encoder for 2"));

        device.Camera.Recover();
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Recording, TimeSpan.FromSeconds(3), "recording again after the restart");
        Assert.That(device.Camera.GetStatistics().Runs, Is.EqualTo(runsBefore + 1), "one restart");
        device.Controller.RequestStop(StopReason.ControlApi);
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(1), "stopped");

        var manifests = device.Manifests();
        Assert.That(manifests.Select(m => m.EndReason), Is.EqualTo(new[] { "CameraFault", "Stopped" }));
        Assert.That(manifests[1].Gaps.Single().Cause, Is.EqualTo(ManifestGap.CameraRestart));
    }

    [Test]
    public async Task DockingWhileTheCameraIsDownEndsTheRecordingWithTheClipItHas()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1));
        await RecordAndFailTheCameraAsync(device);
        device.Device.SetInput(DeviceInput.DockDetect, true);
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Docked, TimeSpan.FromSeconds(1), "docked");

        Assert.That(device.Capture.CurrentRecording.IsCompleted, Is.True, "the recording has ended");
        Assert.That(device.Device.Audit.Entries.Count(e => e.Kind == "recording-stopped"), Is.EqualTo(1), "the device heard it end");
        var manifest = device.Manifests().Single();
        Assert.That(manifest.EndReason, Is.EqualTo("CameraFault"));
        Assert.That(Directory.GetFiles(_directory, "*.mp4"), Has.Length.EqualTo(1), "no clip after the outage");
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(device.ClipPath(manifest))));
    }

    [Test]
    public async Task HoldingToStopWhileTheCameraIsDownEndsTheRecordingAndTheCameraComesBackToBuffering()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(1));
        await RecordAndFailTheCameraAsync(device);
        device.Controller.RequestStop(StopReason.RecordButton); // what a hold asks for
        await device.Capture.IdleAsync();

        Assert.That(device.Capture.CurrentRecording.IsCompleted, Is.True, "the recording has ended");
        Assert.That(device.Device.Audit.Entries.Count(e => e.Kind == "recording-stopped"), Is.EqualTo(1), "the device heard it end");
        Assert.That(device.State, Is.EqualTo(DeviceState.Fault), "the camera is still down");
        Assert.That(device.Controller.Status.RecordingId, Is.Null);

        device.Camera.Recover();
        await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(3), "the camera back, buffering");
        await device.AdvanceAsync(TimeSpan.FromSeconds(1.5));
        Assert.That(Directory.GetFiles(_directory, "*.mp4"), Has.Length.EqualTo(1), "the ended recording did not resume");
        var manifest = device.Manifests().Single();
        Assert.That(manifest.EndReason, Is.EqualTo("CameraFault"));
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(device.ClipPath(manifest))));
        Assert.That(device.Device.Audit.Entries.Where(e => e.Kind == "recording-stop-requested").Select(e => e.Details.GetValueOrDefault("while")), Is.EqualTo(new[] { "camera fault" }));
    }

    [Test]
    public async Task ATriggerBeforeTheBufferFilledAndARetriggerRightAfterAStopBothRecord()
    {
        await using var device = PipelineDevice.Create(_directory, TimeSpan.FromSeconds(10));
        await device.StartAsync(TimeSpan.FromSeconds(1.5));

        device.Controller.RequestStart(TriggerSource.ControlApi); // 10 s window, ~1.5 s in it
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));
        device.Controller.RequestStop(StopReason.ControlApi);
        device.Controller.RequestStart(TriggerSource.ControlApi); // while the first is sealing
        await device.AdvanceUntilAsync(() => device.Device.Audit.Entries.Count(e => e.Kind == "recording-started") == 2, TimeSpan.FromSeconds(1), "second recording");
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        device.Controller.RequestStop(StopReason.ControlApi);
        await device.AdvanceUntilAsync(() => device.Device.Audit.Entries.Count(e => e.Kind == "recording-stopped") == 2, TimeSpan.FromSeconds(1), "both sealed");

        var manifests = device.Manifests();
        Assert.That(manifests, Has.Count.EqualTo(2));
        Assert.That(manifests[0].PreRollSeconds, Is.InRange(1.0, 2.0), "everything buffered so far, not a 10 s promise");
        Assert.That(manifests[1].PreRollSeconds, Is.GreaterThan(2.0), "the re-trigger gets its pre-roll again, the first recording's seconds included");
        foreach (var manifest in manifests)
        {
            Assert.That(MediaTools.Probe(device.ClipPath(manifest)).Of("video")[0].Keyframe, Is.True);
        }
    }

    // Records a second, then breaks the camera: Fault shown and clip 1 sealed, the recording
    // waiting for a camera that stays broken (its restarts deliver nothing) until Recover.
    private static async Task RecordAndFailTheCameraAsync(PipelineDevice device)
    {
        await device.StartAsync(TimeSpan.FromSeconds(1.2));
        device.Controller.RequestStart(TriggerSource.ControlApi);
        await device.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(device.State, Is.EqualTo(DeviceState.Recording));

        device.Camera.Fail("sensor lost");
        await device.Capture.IdleAsync();
        Assert.That(device.State, Is.EqualTo(DeviceState.Fault), "fault shown");
        Assert.That(device.Manifests().Single().EndReason, Is.EqualTo("CameraFault"), "clip 1 sealed during the outage");
    }
}
