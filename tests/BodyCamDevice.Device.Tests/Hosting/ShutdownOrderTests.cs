// `bodycam run --virtual-gpio --camera virtual` stopped (as by SIGTERM) in the middle of a
// recording: the device assembly seals the recording — every clip and its manifest on storage,
// stop reason Shutdown — and stops the camera before it lets go of a single pin, and the audit
// log's last lines say so.
using System.Text.Json;
using BodyCamDevice.Device.Commands;
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Device.Hosting;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Device.Tests.Hosting;

public class ShutdownOrderTests
{
    private string _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-shutdown-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    [CancelAfter(60_000)]
    public async Task ARecordingInProgressIsSealedAndTheCameraStoppedBeforeThePinsClose()
    {
        var recordings = Path.Combine(_state, "recordings");
        var drivers = new VirtualDeviceDrivers(TimeProvider.System);
        string[]? manifestsAtFirstClose = null;
        CameraSupervisorState? cameraAtFirstClose = null;
        RunningDevice? running = null;
        drivers.Virtual.Gpio.Closed += _ =>
        {
            manifestsAtFirstClose ??= Directory.GetFiles(recordings, "*_clip*.json");
            cameraAtFirstClose ??= running!.Capture.Supervisor.State;
        };

        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(
            new RunArguments(null, VirtualGpio: true, CameraChoice.Virtual, _state, Rig: false, RigTokenFile: null),
            TextWriter.Null,
            stop.Token,
            drivers,
            variable: _ => null,
            opened: device => running = device);

        await StateAsync(() => running, DeviceState.Buffering);
        running!.Device.Controller.RequestStart(TriggerSource.RecordButton);
        await StateAsync(() => running, DeviceState.Recording);
        stop.Cancel();
        Assert.That(await run, Is.Zero);

        Assert.That(manifestsAtFirstClose, Has.Length.EqualTo(1), "the recording was sealed before the first pin closed");
        var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestsAtFirstClose![0]));
        Assert.That((manifest.FinalClip, manifest.TriggerOff?.Reason), Is.EqualTo((true, "Shutdown")));
        Assert.That(manifest.File.Hash, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(recordings, manifest.File.Name))))));
        Assert.That(cameraAtFirstClose, Is.EqualTo(CameraSupervisorState.Stopped), "the camera stopped before the first pin closed");

        var kinds = File.ReadLines(Path.Combine(_state, "audit.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString()).ToArray();
        Assert.That(kinds, Does.Contain("shutdown"));
        Assert.That(Array.LastIndexOf(kinds, "recording-started"), Is.LessThan(Array.LastIndexOf(kinds, "shutdown")));
    }

    // Real time: the device runs on the system clock; its state is polled until it is reached.
    private static async Task StateAsync(Func<RunningDevice?> running, DeviceState state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (running()?.Device.Controller.Status.State != state)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"the device never reached {state}");
            await Task.Delay(20);
        }
    }
}
