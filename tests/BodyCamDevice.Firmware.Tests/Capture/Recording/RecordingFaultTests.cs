// When the muxer fails: the recording ends as Faulted, says why, and still seals what it has.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.ReferenceMuxer;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingFaultTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = System.IO.Directory.CreateTempSubdirectory("bodycam-fault-").FullName;

    [TearDown]
    public void RemoveDirectory() => System.IO.Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_muxer_that_breaks_mid_clip_faults_the_recording_and_its_clip_is_sealed_as_such()
    {
        EncodedStream stream = MediaTools.Encode(4);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _directory,
            TriggerUnit = RecordingRun.UnitAt(stream, 2),
            Services = new RecordingServices { Muxers = (settings, output) => new BreakingMuxer(output, writesBeforeFailure: 40) },
        };

        run.Start();
        await run.AppendLiveAsync(run.TriggerUnit, stream.Units.Count);
        RecordingResult result = await run.Session.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Outcome, Is.EqualTo(RecordingOutcome.Faulted));
        Assert.That(result.Fault, Is.TypeOf<IOException>().With.Message.Contains("pipe"));
        ClipManifest manifest = result.Clips.Single();
        Assert.That(manifest.EndReason, Is.EqualTo("Fault"));
        Assert.That(manifest.TriggerOff!.Reason, Is.EqualTo("Fault"));
        Assert.That(manifest.Muxer.Messages, Is.EqualTo(new[] { "muxer died" }), "what the muxer said, in the manifest");
        Assert.That(File.Exists(run.ManifestPath(manifest)), Is.True);
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_ffmpeg_that_does_not_run_faults_the_recording_with_a_clear_reason()
    {
        // An ffmpeg that fails even "-version", as a broken installation would.
        string binaries = System.IO.Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
        string fake = Path.Combine(binaries, "ffmpeg");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\nexit 127\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string clips = System.IO.Directory.CreateDirectory(Path.Combine(_directory, "clips")).FullName;
        EncodedStream stream = MediaTools.Encode(4);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = clips,
            TriggerUnit = RecordingRun.UnitAt(stream, 2),
            Services = new RecordingServices { Muxers = FfmpegClipMuxer.Factory(binaries) },
        };

        run.Start();
        await run.AppendLiveAsync(run.TriggerUnit, stream.Units.Count);
        RecordingResult result = await run.Session.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(result.Outcome, Is.EqualTo(RecordingOutcome.Faulted));
        Assert.That(result.Fault!.Message, Does.Contain("ffmpeg was not found").And.Contain(fake));
        Assert.That(System.IO.Directory.GetFiles(clips), Is.Empty);
    }

    // Takes a number of writes, then fails like a muxer that died (broken pipe).
    private sealed class BreakingMuxer(IRecordingStage output, int writesBeforeFailure) : IClipMuxer
    {
        private int _writes;

        public string Program => "breaking";

        public ValueTask WriteHeadAsync(ClipHead head, CancellationToken cancellationToken = default) => Write();

        public ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> packets, CancellationToken cancellationToken = default) => Write();

        private ValueTask Write() =>
            ++_writes > writesBeforeFailure ? throw new IOException("Broken pipe") : ValueTask.CompletedTask;

        public async Task<ClipMuxerResult> CompleteAsync(CancellationToken cancellationToken = default)
        {
            await output.CompleteAsync(cancellationToken);
            return new ClipMuxerResult(["muxer died"], new IOException("the muxer died"));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
