// When the pipeline tells the device a recording has started (and the red LED begins to blink):
// only once footage is on storage, a whole fragment of it, not when the clip's header is. With a
// 0 s pre-roll the first fragment ends at the next keyframe, up to a second after the header.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Tests.Capture.Camera;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Pipeline;

[Category("ffmpeg")]
public class RecordingStartedTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory()
    {
        FfmpegRequirement.Check();
        _directory = Directory.CreateTempSubdirectory("bodycam-started-").FullName;
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task RecordingStartedComesOnceAWholeFragmentOfFootageIsOnStorage()
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-PIPE02";
        options.Camera = CameraTestOptions.Create();
        options.Recording.Directory = _directory;
        options.Recording.PreRecord = TimeSpan.Zero;
        options.Recording.BufferBytes = 16 * 1024 * 1024;
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        var observer = new FileLookingObserver(_directory);
        await using var pipeline = new CapturePipeline(options, TimeProvider.System, "test");
        pipeline.Attach(observer);

        pipeline.StartBuffering();
        await observer.Buffering.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await Task.Delay(1500); // a keyframe in the buffer
        pipeline.StartRecording(new RecordingStartRequest(TriggerSource.ControlApi, DateTimeOffset.UtcNow));
        string[] boxesAtStart = await observer.Started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        pipeline.StopRecording(new RecordingStopRequest(StopReason.ControlApi, DateTimeOffset.UtcNow));
        await observer.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.That(boxesAtStart.Take(4), Is.EqualTo(new[] { "ftyp", "moov", "moof", "mdat" }), "header and a whole first fragment on storage");
    }

    // Reads the clip's top-level boxes the moment the recording is reported started (on the
    // writer's task, right after the sync that prompted it).
    private sealed class FileLookingObserver(string directory) : IRecordingPipelineObserver
    {
        public TaskCompletionSource Buffering { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string[]> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void BufferingStarted() => Buffering.TrySetResult();

        public void RecordingStarted(string recordingId)
        {
            string clip = Directory.GetFiles(directory, $"{recordingId}_clip01.mp4").Single();
            using var file = new FileStream(clip, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            byte[] bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            Started.TrySetResult([.. Mp4Boxes.Whole(bytes).Select(box => box.Type)]);
        }

        public void RecordingStopped(string recordingId) => Stopped.TrySetResult();

        public void Faulted(FaultCode code, string detail) => Started.TrySetException(new InvalidOperationException($"{code}: {detail}"));

        public void Recovered()
        {
        }

        public void ConditionChanged(AlarmKind kind, bool active)
        {
        }
    }
}
