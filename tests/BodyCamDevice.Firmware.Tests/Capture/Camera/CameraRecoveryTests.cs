// The real ffmpeg under the supervisor: killed or frozen, it is reported and replaced, and the
// pre-record buffer keeps filling; stopped, it leaves no process behind.
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
public sealed class CameraRecoveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private PreRecordBuffer _buffer = null!;
    private FfmpegCameraSource _source = null!;
    private CameraSupervisor _supervisor = null!;
    private List<string> _events = null!;

    [SetUp]
    public void Create()
    {
        FfmpegRequirement.Check();
        _buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        _source = new FfmpegCameraSource(CameraTestOptions.Create(), _buffer, () => CameraTestOptions.Watermark);
        _events = [];
        _source.Failed += reason => Record("failed: " + reason);
        _supervisor = new CameraSupervisor(_source, new CameraRestartOptions());
        _supervisor.Faulted += _ => Record("faulted");
        _supervisor.Recovered += () => Record("recovered");
    }

    [TearDown]
    public async Task Dispose()
    {
        await _supervisor.DisposeAsync();
        await _source.DisposeAsync();
    }

    [Test]
    public async Task A_killed_encoder_is_reported_and_replaced_and_the_buffer_keeps_filling()
    {
        int first = await StartAndWaitForVideo();

        Process.GetProcessById(first).Kill();
        TimeSpan reported = FfmpegRequirement.WaitUntil(() => Events().Any(e => e.StartsWith("failed")), Patience, "failure reported");
        FfmpegRequirement.WaitUntil(() => _supervisor.State == CameraSupervisorState.Running, Patience, "running again");

        Assert.That(reported, Is.LessThan(CameraTestOptions.Create().StallTimeout), "an exit is noticed at once, not by the watchdog");
        Assert.That(Events(), Is.EqualTo(new[] { "failed: the encoder was terminated by signal 9 (exit code 137)", "faulted", "recovered" }));
        Assert.That(_source.ProcessId, Is.Not.EqualTo(first));
        Assert.That(_supervisor.RestartCount, Is.EqualTo(1));
        Assert.That(_source.GetStatistics().Restarts, Is.EqualTo(1));
        AssertTheBufferSpansTheRestart();
    }

    [Test]
    public async Task A_frozen_encoder_is_caught_by_the_stall_watchdog_and_replaced()
    {
        int first = await StartAndWaitForVideo();

        using (Process stop = Process.Start("kill", ["-STOP", $"{first}"]))
        {
            stop.WaitForExit();
        }

        TimeSpan reported = FfmpegRequirement.WaitUntil(() => Events().Any(e => e.StartsWith("failed")), Patience, "stall reported");
        FfmpegRequirement.WaitUntil(() => _supervisor.State == CameraSupervisorState.Running, Patience, "running again");

        TimeSpan stallTimeout = CameraTestOptions.Create().StallTimeout;
        Assert.That(reported, Is.InRange(stallTimeout - TimeSpan.FromMilliseconds(200), stallTimeout + TimeSpan.FromSeconds(1)));
        Assert.That(Events()[0], Does.StartWith("failed: no video from the encoder for 2."));
        Assert.That(Directory.Exists($"/proc/{first}"), Is.False, "the frozen process was killed and reaped");
        AssertTheBufferSpansTheRestart();
    }

    [Test]
    public async Task Stopping_leaves_no_encoder_process_behind()
    {
        int first = await StartAndWaitForVideo();

        await _supervisor.StopAsync();

        Assert.That(FfmpegRequirement.FfmpegChildren(), Is.Empty);
        Assert.That(Directory.Exists($"/proc/{first}"), Is.False);
        Assert.That(_source.IsRunning, Is.False);
        Assert.That(Events(), Is.Empty, "a requested stop is not a failure");
    }

    private async Task<int> StartAndWaitForVideo()
    {
        await _supervisor.StartAsync();
        FfmpegRequirement.WaitUntil(() => _supervisor.State == CameraSupervisorState.Running, Patience, "first keyframe");
        FfmpegRequirement.WaitUntil(() => _source.ProcessId is not null && _source.GetStatistics().VideoFrames > 15, Patience, "video flowing");
        return _source.ProcessId!.Value;
    }

    // Half a second of video before the failure, a second after the restart: both in the buffer,
    // the new run marked as a discontinuity.
    private void AssertTheBufferSpansTheRestart()
    {
        long framesAfterRestart = _source.GetStatistics().VideoFrames;
        FfmpegRequirement.WaitUntil(() => _source.GetStatistics().VideoFrames >= framesAfterRestart + 30, Patience, "a second of new video");
        var frames = BufferedFrames.Read(_buffer).Select(f => f.Frame).ToList();
        List<EncodedFrame> marked = [.. frames.Where(frame => frame.IsDiscontinuity)];

        Assert.That(marked.Select(frame => frame.Kind), Is.EquivalentTo(new[] { MediaStreamKind.Video, MediaStreamKind.Audio }), "one marked frame per stream");
        Assert.That(marked.Single(frame => frame.Kind == MediaStreamKind.Video).IsKeyframe, Is.True, "video resumes at a keyframe");
        Assert.That(_buffer.GetStatistics().BufferedDuration, Is.GreaterThan(TimeSpan.FromSeconds(1.4)));
    }

    private void Record(string text)
    {
        lock (_events)
        {
            _events.Add(text);
        }
    }

    private string[] Events()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }
}
