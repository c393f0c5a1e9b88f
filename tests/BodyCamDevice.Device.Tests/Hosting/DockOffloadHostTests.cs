// `bodycam run --virtual-gpio --camera virtual` with a connection installed by `bodycam connection
// set` into its state directory, against a real single-node Swift on 127.0.0.1: a recording made,
// the dock contact closed, and the camera's own offload sends it, keeps its journal in the state
// directory's offload/, deletes the confirmed files and writes every step to the audit file.
using System.Text.Json;
using BodyCamDevice.DevServices;
using BodyCamDevice.Device.Commands;
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Device.Hosting;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Offload;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Device.Tests.Hosting;

public class DockOffloadHostTests
{
    private SwiftDevStore? _store;
    private string _state = null!;

    [OneTimeSetUp]
    public async Task StartStoreAsync() => _store = await SwiftDevStore.StartAsync();

    [OneTimeTearDown]
    public async Task StopStoreAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-dock-host-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    [CancelAfter(120_000)]
    public async Task TheInstalledConnectionIsWhereTheDockedCameraOffloads()
    {
        Assert.That(ConnectionCommand.Set(_store!.ConnectionFile, _state, TextWriter.Null, TextWriter.Null), Is.Zero, "installed like `bodycam connection set`");
        var drivers = new VirtualDeviceDrivers(TimeProvider.System);
        RunningDevice? running = null;
        using var stop = new CancellationTokenSource();
        var run = RunCommand.RunAsync(
            new RunArguments(null, VirtualGpio: true, CameraChoice.Virtual, _state, Rig: false, RigTokenFile: null),
            TextWriter.Null,
            stop.Token,
            drivers,
            variable: _ => null,
            opened: device => running = device);

        await UntilAsync(() => running?.Device.Controller.Status.State == DeviceState.Buffering, "buffering");
        var controller = running!.Device.Controller;
        controller.RequestStart(TriggerSource.ControlApi);
        await UntilAsync(() => controller.Status.State == DeviceState.Recording, "recording");
        controller.RequestStop(StopReason.ControlApi);
        await UntilAsync(() => controller.Status.State == DeviceState.Buffering, "sealed");
        var recordings = Path.Combine(_state, "recordings");
        Assert.That(Directory.GetFiles(recordings, "*.mp4"), Has.Length.EqualTo(1));

        controller.OnInput(DeviceInput.DockDetect, true);
        await UntilAsync(() => controller.Status.Offload?.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the offload ends");
        var offload = controller.Status.Offload!;
        Assert.That(offload.Phase, Is.EqualTo(DockOffloadPhase.Done), offload.Reason);
        Assert.That(offload.RecordingsConfirmed, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(recordings, "*.mp4"), Is.Empty, "deleted once confirmed");
        Assert.That(Directory.GetFiles(Path.Combine(_state, "offload"), "*.jsonl"), Has.Length.EqualTo(1), "the journal in Offload.JournalDirectory under the state directory");

        stop.Cancel();
        Assert.That(await run, Is.Zero);
        var kinds = File.ReadLines(Path.Combine(_state, "audit.jsonl")).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString()).ToList();
        Assert.That(kinds, Does.Contain("footage-deleted").And.Contain("offload-recording"));
        Assert.That(kinds.IndexOf("footage-deleted"), Is.GreaterThan(kinds.IndexOf("offload-recording")));
    }

    // Real time: the device runs on the system clock and the store answers in its own time.
    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"never {what}");
            await Task.Delay(20);
        }
    }
}
