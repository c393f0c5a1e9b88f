// The emulator over the capture pipeline with ffmpeg's camera (small test pattern, 2 s window):
// the status reports the buffer's fill (also on the event stream), the page's preview endpoint
// serves a JPEG, a camera fault kills the encoder and recovers by itself, and a full virtual disk
// ends the recording through the pipeline's own storage check.
using System.Net;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Emulator.Tests.ControlApi;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Emulator.Tests.Capture;

[Category("ffmpeg")]
public class RealPipelineTests
{
    [Test]
    [CancelAfter(40_000)]
    public async Task BufferFillIsReportedAndStreamedAndThePreviewIsAJpeg()
    {
        RequiredTools.RequireFfmpeg();
        await using var emulator = await EmulatorServer.StartAsync(webUi: false, camera: EmulatorServer.SmallTestPattern);

        using var events = await emulator.Http.GetStreamAsync("api/events");
        using var reader = new StreamReader(events);
        await WaitAsync(async () => (await emulator.Http.GetJsonAsync<StatusView>("api/status")).BufferFill is { Seconds: >= 1 }, "1 s buffered");
        var fill = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).BufferFill!;
        Assert.That(fill.TargetSeconds, Is.EqualTo(2));

        // The buffer's fill goes out on the event stream by itself (about twice a second).
        var streamed = false;
        while (!streamed && await reader.ReadLineAsync() is { } line)
        {
            streamed = line.StartsWith("data:", StringComparison.Ordinal) && line.Contains("\"bufferFill\":{\"seconds\":", StringComparison.Ordinal) && !line.Contains("\"snapshot\"", StringComparison.Ordinal);
        }

        Assert.That(streamed, Is.True);

        using var preview = await emulator.Http.GetAsync("api/camera/preview.jpg");
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(preview.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
        var jpeg = await preview.Content.ReadAsByteArrayAsync();
        Assert.That(jpeg.Take(2), Is.EqualTo(new byte[] { 0xFF, 0xD8 }));

        var camera = await emulator.Http.GetStringAsync("api/camera");
        Assert.That(camera, Does.Contain("\"virtual\":false").And.Contain("\"bytesUsed\":"));
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task ACameraFaultKillsTheEncoderAndTheDeviceRecoversByItself()
    {
        RequiredTools.RequireFfmpeg();
        await using var emulator = await EmulatorServer.StartAsync(webUi: false, camera: EmulatorServer.SmallTestPattern);
        var encoder = (FfmpegCameraSource)emulator.Device.Capture.Camera;
        await WaitAsync(async () => encoder.ProcessId is not null && (await emulator.Http.GetJsonAsync<StatusView>("api/status")).State == "Buffering", "buffering");
        var firstProcess = encoder.ProcessId;

        await emulator.Http.OkAsync(HttpMethod.Post, "api/camera/fault", new FaultRequest("test"));
        await WaitAsync(async () => (await emulator.Http.GetJsonAsync<StatusView>("api/status")).State == "Fault", "the fault");
        await WaitAsync(async () => await emulator.Http.GetJsonAsync<StatusView>("api/status") is { State: "Buffering", CameraFaulted: false }, "recovery without /camera/recover");
        Assert.That(encoder.ProcessId, Is.Not.EqualTo(firstProcess), "a new encoder process");
    }

    [Test]
    [CancelAfter(40_000)]
    public async Task AFullVirtualDiskEndsTheRecordingThroughThePipeline()
    {
        RequiredTools.RequireFfmpeg();
        await using var emulator = await EmulatorServer.StartAsync(webUi: false, camera: EmulatorServer.SmallTestPattern);
        await WaitAsync(async () => (await emulator.Http.GetJsonAsync<StatusView>("api/status")).BufferFill is { Seconds: >= 1 }, "1 s buffered");
        await emulator.Http.OkAsync(HttpMethod.Post, "api/recording/start");
        await WaitAsync(async () => (await emulator.Http.GetJsonAsync<StatusView>("api/status")).State == "Recording", "recording");

        await emulator.Http.OkAsync(HttpMethod.Put, "api/storage", new StorageRequest(10));
        await WaitAsync(async () => await emulator.Http.GetJsonAsync<StatusView>("api/status") is { State: "Buffering" } status && status.Alarms.Contains("StorageFull"), "the pipeline ending the recording");
        await WaitAsync(() => Task.FromResult(Directory.GetFiles(emulator.RecordingsPath, "*_clip01.json").Length == 1), "the manifest");
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(Directory.GetFiles(emulator.RecordingsPath, "*_clip01.json").Single()));
        Assert.That(manifest.EndReason, Does.Contain("StorageFull"));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
