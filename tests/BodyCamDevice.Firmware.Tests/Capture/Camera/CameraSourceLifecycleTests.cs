// Starting and stopping the real encoder at the edges: an ffmpeg that ignores "q", one that cannot
// open its device, and a start while running.
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
public sealed class CameraSourceLifecycleTests
{
    [OneTimeSetUp]
    public void RequireFfmpeg() => FfmpegRequirement.Check();

    [Test]
    public async Task Stop_kills_an_encoder_that_ignores_q_after_the_grace_period()
    {
        CameraOptions options = CameraTestOptions.Create();
        options.StopGracePeriod = TimeSpan.FromSeconds(1);
        options.StallTimeout = TimeSpan.FromSeconds(30);
        await using var source = new FfmpegCameraSource(options, new PreRecordBuffer(), () => CameraTestOptions.Watermark);
        await source.StartAsync();
        FfmpegRequirement.WaitUntil(() => source.ProcessId is not null && source.GetStatistics().VideoFrames > 0, TimeSpan.FromSeconds(15), "video");
        int ffmpeg = source.ProcessId!.Value;
        using (Process freeze = Process.Start("kill", ["-STOP", $"{ffmpeg}"]))
        {
            freeze.WaitForExit();
        }

        var clock = Stopwatch.StartNew();
        await source.StopAsync();

        Assert.That(clock.Elapsed, Is.InRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3)));
        Assert.That(Directory.Exists($"/proc/{ffmpeg}"), Is.False);
        Assert.That(FfmpegRequirement.FfmpegChildren(), Is.Empty);
    }

    [Test]
    public async Task An_encoder_that_cannot_open_its_device_fails_with_its_own_message()
    {
        CameraOptions options = CameraTestOptions.Create(CameraSourceKind.V4L2);
        options.V4L2Device = "/dev/null";
        options.Audio.Enabled = false;
        var failed = new TaskCompletionSource<string>();
        await using var source = new FfmpegCameraSource(options, new PreRecordBuffer(), () => CameraTestOptions.Watermark);
        source.Failed += reason => failed.TrySetResult(reason);

        await source.StartAsync();
        string reason = await failed.Task.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.That(reason, Does.StartWith("the encoder exited with code 1: "));
        Assert.That(reason, Does.Contain("/dev/null"));
        Assert.That(source.IsRunning, Is.False);
    }

    [Test]
    public async Task A_second_start_while_running_is_refused_and_a_start_after_stop_runs_again()
    {
        await using var source = new FfmpegCameraSource(CameraTestOptions.Create(), new PreRecordBuffer(), () => CameraTestOptions.Watermark);
        await source.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => source.StartAsync());
        await source.StopAsync();
        await source.StartAsync();
        FfmpegRequirement.WaitUntil(() => source.GetStatistics().VideoFrames > 0, TimeSpan.FromSeconds(15), "video from the second run");

        Assert.That(source.GetStatistics().Runs, Is.EqualTo(2));
        Assert.That(source.IsRunning, Is.True);
    }
}
