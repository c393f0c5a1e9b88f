// The whole device with its real capture pipeline: virtual pins, the real clock, a test-pattern
// ffmpeg camera, the pre-record buffer and the recording writer. A double-press after a few
// seconds of buffering gives a clip whose pre-roll, hash and markers the manifest states, and
// the red LED lights only once recording bytes are on storage.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Tests.Capture.Camera;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Pipeline;

[Category("ffmpeg")]
public class CapturePipelineTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        FfmpegRequirement.Check();
        _directory = Directory.CreateTempSubdirectory("bodycam-pipeline-").FullName;
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    private DeviceOptions Options(TimeSpan preRecord)
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-PIPE01";
        options.Identity.OfficerId = "4711";
        options.Camera = CameraTestOptions.Create();
        options.Recording.Directory = _directory;
        options.Recording.PreRecord = preRecord;
        options.Recording.BufferBytes = 16 * 1024 * 1024;
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        options.Audit.Path = Path.Combine(_directory, "audit.jsonl");
        return options;
    }

    [Test]
    public async Task ADoublePressRecordsTheBufferedSecondsAndTheLedWaitsForBytesOnStorage()
    {
        var options = Options(TimeSpan.FromSeconds(2));
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        StartAndBuffer(device, pipeline, seconds: 2.5);

        Press(device);
        Thread.Sleep(150); // a person's double-press: the firmware's gesture logic on the real clock
        Press(device);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        device.Controller.RequestMarker("test");
        Thread.Sleep(2000);
        device.Controller.RequestStop(StopReason.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(15), "buffering again");

        var manifestPath = Directory.GetFiles(_directory, "*_clip01.json").Single();
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestPath));
        var clipPath = Path.Combine(_directory, manifest.File.Name);
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(clipPath)), "hash written while writing equals the file's");
        Assert.That(manifest.PreRollSeconds, Is.InRange(2.0, 3.6), "2 s pre-record, within one GOP");
        Assert.That(manifest.Markers, Has.Count.EqualTo(1));
        Assert.That(manifest.Device.Serial, Is.EqualTo("BC-PIPE01"));

        var clip = MediaTools.Probe(clipPath);
        var video = clip.Of("video");
        Assert.That(video[0].Keyframe, Is.True, "the clip starts on a keyframe");
        Assert.That(clip.Duration, Is.InRange(4.0, 6.5));
        for (var i = 1; i < video.Count; i++)
        {
            var step = clip.Seconds(video[i]) - clip.Seconds(video[i - 1]);
            Assert.That(step, Is.GreaterThan(0).And.LessThanOrEqualTo(1.5 / 30), $"frame {i}: no gap, no duplicate across the trigger");
        }

        // The red LED came on after the recording was confirmed flowing, never before.
        var audit = device.Audit.Entries;
        var confirmed = audit.First(e => e.Kind == "recording-started").Time;
        var firstLit = device.Gpio.EdgesOf(options.Pins.RecordIndicator.Pin).First(e => e.Value == PinValue.High && e.Time > audit.First(a => a.Kind == "recording-start-requested").Time - TimeSpan.FromMilliseconds(1));
        Assert.That(firstLit.Time, Is.GreaterThanOrEqualTo(confirmed));
    }

    [Test]
    public async Task AWriterThatCannotWriteSoundsTheStorageFaultAlarmNotTheCameraOne()
    {
        var recordings = Path.Combine(_directory, "card");
        var options = Options(TimeSpan.FromSeconds(1));
        options.Recording.Directory = recordings;
        Directory.CreateDirectory(recordings);
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        StartAndBuffer(device, pipeline, seconds: 1.2);

        // The card is gone and something else sits where the recordings directory was.
        Directory.Delete(recordings);
        File.WriteAllText(recordings, "not a directory");
        device.Controller.RequestStart(TriggerSource.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering && device.Audit.Entries.Any(e => e.Kind == "fault"), TimeSpan.FromSeconds(10), "a storage fault, then buffering again");

        var fault = device.Audit.Entries.First(e => e.Kind == "fault");
        Assert.That(fault.Details["code"], Is.EqualTo("Storage"));
        var alarms = device.Audit.Entries.Where(e => e.Kind == "alarm" && e.Details["active"] == "true").Select(e => e.Details["alarm"]);
        Assert.That(alarms, Does.Contain("StorageFault").And.Not.Contain("CameraFault"));
    }

    [Test]
    public async Task AFullDiskClosesTheClipCleanlyAndSoundsTheAlarm()
    {
        var options = Options(TimeSpan.FromSeconds(1));
        var storage = new SettableStorage(free: 512L * 1024 * 1024);
        options.Recording.ReserveMegabytes = 100;
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test", storage);
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        StartAndBuffer(device, pipeline, seconds: 1.2);
        device.Controller.RequestStart(TriggerSource.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        Thread.Sleep(1500);
        storage.Free = 10L * 1024 * 1024; // below the 100 MiB reserve
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(15), "the pipeline ended the recording");

        Assert.That(device.Controller.Status.Alarms, Does.Contain(BodyCamDevice.Firmware.Core.Alarms.AlarmKind.StorageFull));
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(_directory, "*_clip01.json").Single()));
        Assert.That(manifest.EndReason, Does.Contain("StorageFull"));
        var clip = MediaTools.Probe(Path.Combine(_directory, manifest.File.Name));
        Assert.That(clip.Of("video"), Is.Not.Empty, "the clip stays playable");
    }

    [Test]
    public async Task ARecordingSurvivesACameraRestartInItsNextClipWithTheOutageAsAGap()
    {
        var options = Options(TimeSpan.FromSeconds(1));
        options.Camera.Restart = new() { InitialDelay = TimeSpan.FromMilliseconds(200) };
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        StartAndBuffer(device, pipeline, seconds: 1.2);
        device.Controller.RequestStart(TriggerSource.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        var recordingId = device.Controller.Status.RecordingId;
        Thread.Sleep(1500);

        var killed = DateTimeOffset.UtcNow;
        System.Diagnostics.Process.GetProcessById(pipeline.Camera.ProcessId!.Value).Kill();
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Fault, TimeSpan.FromSeconds(10), "fault shown");
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(20), "recording again");
        Assert.That(device.Controller.Status.Alarms, Is.Empty, "the camera alarm clears");
        Assert.That(device.Controller.Status.RecordingId, Is.EqualTo(recordingId), "the same recording goes on");
        Thread.Sleep(1500);
        device.Controller.RequestStop(StopReason.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(15), "stopped");

        var manifests = Directory.GetFiles(_directory, "*.json").Where(path => !path.EndsWith("audit.jsonl", StringComparison.Ordinal)).Order()
            .Select(path => ManifestJson.Parse(File.ReadAllBytes(path))).ToArray();
        Assert.That(manifests.Select(m => (m.RecordingId, m.ClipIndex)), Is.EqualTo(new[] { (recordingId!, 1), (recordingId!, 2) }), "clip 1 before the failure, clip 2 after it");
        Assert.That((manifests[0].EndReason, manifests[0].FinalClip, manifests[0].TriggerOff), Is.EqualTo(("CameraFault", false, (ManifestEvent?)null)));
        Assert.That((manifests[1].EndReason, manifests[1].FinalClip, manifests[1].TriggerOff?.Reason), Is.EqualTo(("Stopped", true, "ControlApi")));
        Assert.That(manifests[1].TriggerOn, Is.EqualTo(manifests[0].TriggerOn), "one trigger for the whole recording");

        // The outage is in clip 2's manifest: from clip 1's last frame to clip 2's first, which
        // brackets the moment the camera was killed and lasts at least the restart delay.
        var outage = manifests[1].Gaps.Single(gap => gap.Cause == ManifestGap.CameraRestart);
        Assert.That(outage.FromUtc, Is.EqualTo(manifests[0].Clip.StopUtc));
        Assert.That(outage.ToUtc, Is.EqualTo(manifests[1].Clip.StartUtc));
        Assert.That(DateTimeOffset.Parse(outage.FromUtc, System.Globalization.CultureInfo.InvariantCulture), Is.LessThanOrEqualTo(killed.AddMilliseconds(100)));
        Assert.That(DateTimeOffset.Parse(outage.ToUtc, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(killed));
        Assert.That(outage.DurationSeconds, Is.GreaterThanOrEqualTo(0.2));
        Assert.That(outage.FromSequence, Is.EqualTo(manifests[0].Frames.LastSequence + 1));
        Assert.That(outage.ToSequence, Is.EqualTo(manifests[1].Frames.FirstSequence - 1));
        Assert.That(manifests[1].TimeAnchor!.Pts, Is.Not.EqualTo(manifests[0].TimeAnchor!.Pts), "the restarted camera's timeline");
        foreach (var manifest in manifests)
        {
            var clip = MediaTools.Probe(Path.Combine(_directory, manifest.File.Name));
            Assert.That(clip.Of("video")[0].Keyframe, Is.True);
            Assert.That(clip.Of("video").Count, Is.EqualTo(manifest.Frames.VideoFrames));
            Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(Path.Combine(_directory, manifest.File.Name))));
        }
    }

    [Test]
    public async Task DockingWhileTheCameraIsDownEndsTheRecordingWithTheClipItHas()
    {
        var options = Options(TimeSpan.FromSeconds(1));
        options.Camera.Restart = new() { InitialDelay = TimeSpan.FromSeconds(20) }; // stays down
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        RecordAndKillTheCamera(device, pipeline);
        device.SetInput(DeviceInput.DockDetect, true);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Docked, TimeSpan.FromSeconds(10), "docked");

        var result = await pipeline.CurrentRecording.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(result?.Outcome ?? RecordingOutcome.Stopped, Is.EqualTo(RecordingOutcome.Stopped), "the recording has ended");
        FfmpegRequirement.WaitUntil(() => device.Audit.Entries.Count(e => e.Kind == "recording-stopped") == 1, TimeSpan.FromSeconds(10), "the device heard it end");
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(_directory, "*_clip01.json").Single()));
        Assert.That(manifest.EndReason, Is.EqualTo("CameraFault"));
        Assert.That(Directory.GetFiles(_directory, "*.mp4"), Has.Length.EqualTo(1), "no clip after the outage");
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(Path.Combine(_directory, manifest.File.Name))));
    }

    [Test]
    public async Task HoldingToStopWhileTheCameraIsDownEndsTheRecordingAndTheCameraComesBackToBuffering()
    {
        var options = Options(TimeSpan.FromSeconds(1));
        options.Camera.Restart = new() { InitialDelay = TimeSpan.FromSeconds(4) };
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        RecordAndKillTheCamera(device, pipeline);
        device.Controller.RequestStop(StopReason.RecordButton); // what a hold asks for

        var result = await pipeline.CurrentRecording.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(result?.Outcome ?? RecordingOutcome.Stopped, Is.EqualTo(RecordingOutcome.Stopped), "the recording has ended");
        FfmpegRequirement.WaitUntil(() => device.Audit.Entries.Count(e => e.Kind == "recording-stopped") == 1, TimeSpan.FromSeconds(10), "the device heard it end");
        Assert.That(device.Controller.Status.State, Is.EqualTo(DeviceState.Fault), "the camera is still down");
        Assert.That(device.Controller.Status.RecordingId, Is.Null);

        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(20), "the camera back, buffering");
        Thread.Sleep(1500);
        Assert.That(Directory.GetFiles(_directory, "*.mp4"), Has.Length.EqualTo(1), "the ended recording did not resume");
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(_directory, "*_clip01.json").Single()));
        Assert.That(manifest.EndReason, Is.EqualTo("CameraFault"));
        Assert.That(manifest.File.Hash, Is.EqualTo(MediaTools.Sha256Sum(Path.Combine(_directory, manifest.File.Name))));
        Assert.That(device.Audit.Entries.Where(e => e.Kind == "recording-stop-requested").Select(e => e.Details.GetValueOrDefault("while")), Is.EqualTo(new[] { "camera fault" }));
    }

    [Test]
    public async Task ATriggerBeforeTheBufferFilledAndARetriggerRightAfterAStopBothRecord()
    {
        var options = Options(TimeSpan.FromSeconds(10));
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        StartAndBuffer(device, pipeline, seconds: 1.5);

        device.Controller.RequestStart(TriggerSource.ControlApi); // 10 s window, ~1.5 s in it
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        Thread.Sleep(1000);
        device.Controller.RequestStop(StopReason.ControlApi);
        device.Controller.RequestStart(TriggerSource.ControlApi); // while the first is sealing
        FfmpegRequirement.WaitUntil(() => device.Audit.Entries.Count(e => e.Kind == "recording-started") == 2, TimeSpan.FromSeconds(15), "second recording");
        Thread.Sleep(1000);
        device.Controller.RequestStop(StopReason.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Audit.Entries.Count(e => e.Kind == "recording-stopped") == 2, TimeSpan.FromSeconds(15), "both sealed");

        var manifests = Directory.GetFiles(_directory, "*_clip01.json").Order().Select(path => ManifestJson.Parse(File.ReadAllBytes(path))).ToArray();
        Assert.That(manifests, Has.Length.EqualTo(2));
        Assert.That(manifests[0].PreRollSeconds, Is.InRange(1.0, 3.0), "everything buffered so far, not a 10 s promise");
        Assert.That(manifests[1].PreRollSeconds, Is.GreaterThan(1.0), "the re-trigger gets its pre-roll again");
        foreach (var manifest in manifests)
        {
            Assert.That(MediaTools.Probe(Path.Combine(_directory, manifest.File.Name)).Of("video")[0].Keyframe, Is.True);
        }
    }

    [Test]
    public async Task AudioAndVideoInTheRecordedFileAgreeWithinOneFrame()
    {
        // The test camera flashes its top-right quarter and sounds a 1 kHz tone together, for
        // 100 ms at every whole second; the decoded file must show both at the same moment.
        var options = Options(TimeSpan.FromSeconds(1));
        options.Camera.Audio.InPreRoll = true;
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        using var device = new VirtualDevice(options, TimeProvider.System, pipeline);
        StartAndBuffer(device, pipeline, seconds: 1.2);
        device.Controller.RequestStart(TriggerSource.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        Thread.Sleep(4000);
        device.Controller.RequestStop(StopReason.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(15), "stopped");

        var clip = Directory.GetFiles(_directory, "*_clip01.mp4").Single();
        var flashes = Onsets(Probe($"movie={clip},crop=iw/4:ih/4:iw*3/4:0,signalstats", "lavfi.signalstats.YAVG"), lit: value => value > 200);
        var tones = Onsets(Probe($"amovie={clip},asetnsamples=n=48,astats=metadata=1:reset=1", "lavfi.astats.Overall.RMS_level"), lit: value => value > -30);
        var pairs = flashes.Where(flash => flash > 0.2).Select(flash => (Flash: flash, Tone: tones.MinBy(tone => Math.Abs(tone - flash)))).ToArray();
        TestContext.Out.WriteLine(string.Join("; ", pairs.Select(pair => $"flash {pair.Flash:0.000} s tone {pair.Tone:0.000} s")));

        Assert.That(pairs, Has.Length.GreaterThanOrEqualTo(3), "several sync pulses in the clip");
        Assert.That(pairs.Select(pair => Math.Abs(pair.Flash - pair.Tone)), Has.All.LessThanOrEqualTo(1.0 / 30), "A/V offset at most one frame (33 ms)");
    }

    // (presentation time in s, value of the tag) per decoded frame of a lavfi graph, via ffprobe.
    // Records a second, then kills the camera's encoder: Fault shown and clip 1 sealed, the
    // recording waiting for the camera (for as long as the options' restart delay).
    private void RecordAndKillTheCamera(VirtualDevice device, CapturePipeline pipeline)
    {
        StartAndBuffer(device, pipeline, seconds: 1.2);
        device.Controller.RequestStart(TriggerSource.ControlApi);
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Recording, TimeSpan.FromSeconds(10), "recording");
        Thread.Sleep(1000);

        System.Diagnostics.Process.GetProcessById(pipeline.Camera.ProcessId!.Value).Kill();
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Fault, TimeSpan.FromSeconds(10), "fault shown");
        FfmpegRequirement.WaitUntil(() => Directory.GetFiles(_directory, "*_clip01.json").Length == 1, TimeSpan.FromSeconds(10), "clip 1 sealed during the outage");
    }

    private static List<(double Time, double Value)> Probe(string graph, string tag)
    {
        var info = new System.Diagnostics.ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", "error", "-f", "lavfi", "-i", graph, "-show_entries", $"frame=pts_time:frame_tags={tag}", "-of", "csv=p=0" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, errors.Result);
        var values = new List<(double, double)>();
        foreach (var fields in lines.Select(line => line.Trim().Split(',')))
        {
            if (fields.Length == 2 && double.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var time)
                && double.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                values.Add((time, value));
            }
        }

        return values;
    }

    private static List<double> Onsets(List<(double Time, double Value)> samples, Func<double, bool> lit)
    {
        var onsets = new List<double>();
        var wasLit = true; // a pulse cut by the clip's start is not an onset
        foreach (var (time, value) in samples)
        {
            var isLit = lit(value);
            if (isLit && !wasLit)
            {
                onsets.Add(time);
            }

            wasLit = isLit;
        }

        return onsets;
    }

    // Powers the device on and waits (real time: the camera runs at its frame rate) until the
    // pre-record buffer holds the given seconds.
    private static void StartAndBuffer(VirtualDevice device, CapturePipeline pipeline, double seconds)
    {
        device.Start();
        FfmpegRequirement.WaitUntil(() => device.Controller.Status.State == DeviceState.Buffering, TimeSpan.FromSeconds(15), "buffering");
        FfmpegRequirement.WaitUntil(() => pipeline.Buffer.GetStatistics().BufferedDuration >= TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(15), $"{seconds} s buffered");
    }

    private static void Press(VirtualDevice device)
    {
        device.SetInput(DeviceInput.RecordButton, true);
        Thread.Sleep(100);
        device.SetInput(DeviceInput.RecordButton, false);
    }

    // Free space the test sets; read from the writer's task.
    private sealed class SettableStorage(long free) : IStorageSpace
    {
        private long _free = free;

        public long Free
        {
            get => Interlocked.Read(ref _free);
            set => Interlocked.Exchange(ref _free, value);
        }

        public StorageSpace Measure(string directory) => new(Free, 4L * 1024 * 1024 * 1024);
    }
}
