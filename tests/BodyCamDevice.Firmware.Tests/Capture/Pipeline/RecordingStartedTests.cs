// When the pipeline tells the device a recording has started (and the red LED begins to blink):
// only once footage is on storage, a whole fragment of it, not when the clip's header is. With a
// 0 s pre-roll the first fragment ends at the next keyframe, up to a second after the header.
// The pipeline alone, with the virtual camera on a stepping clock; the writer is let catch up
// after each step (CapturePipeline.IdleAsync).
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Pipeline;

public class RecordingStartedTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-started-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task RecordingStartedComesOnceAWholeFragmentOfFootageIsOnStorage()
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-PIPE02";
        options.Recording.PreRecord = TimeSpan.Zero;
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        CameraChoice.Virtual.Apply(options, _directory);
        var time = new SteppingTimeProvider(PipelineDevice.Epoch);
        var observer = new FileLookingObserver(_directory);
        await using var pipeline = new CapturePipeline(ValidatedDeviceOptions.From(options), time, "test", CameraChoice.Virtual.Factory(), new VirtualStorage());
        pipeline.Attach(observer);

        pipeline.StartBuffering();
        Assert.That(observer.Buffering.Task.IsCompleted, Is.True, "the camera's first keyframe comes as it starts");
        time.Step(TimeSpan.FromSeconds(1.5)); // into the second GOP
        pipeline.StartRecording(new RecordingStartRequest(TriggerSource.ControlApi, time.GetUtcNow()));
        await pipeline.IdleAsync();
        Assert.That(observer.Started.Task.IsCompleted, Is.False, "the header alone is not a recording");
        while (!observer.Started.Task.IsCompleted)
        {
            time.Step(TimeSpan.FromMilliseconds(50));
            await pipeline.IdleAsync();
        }

        string[] boxesAtStart = await observer.Started.Task;
        Assert.That(time.GetUtcNow() - PipelineDevice.Epoch, Is.EqualTo(TimeSpan.FromSeconds(2)).Within(TimeSpan.FromMilliseconds(100)), "the next keyframe, at 2 s, ended the first fragment");
        pipeline.StopRecording(new RecordingStopRequest(StopReason.ControlApi, time.GetUtcNow()));
        time.Step(TimeSpan.FromMilliseconds(50));
        await pipeline.IdleAsync();

        Assert.That(observer.Stopped.Task.IsCompleted, Is.True, "sealed");
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
