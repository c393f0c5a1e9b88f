// Inputs, gestures, status, environment and camera injection over HTTP, on real time, with the
// virtual camera behind the capture pipeline: what the device reports after a press or a fault
// comes once the pipeline has done it (a recording once footage is on storage), so the tests wait
// for the state they expect.
using System.Net;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class InputAndDeviceEndpointTests
{
    [Test]
    public async Task SettingAnInputLevelDrivesTheVirtualPinThroughItsActiveLevel()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        var inputs = await emulator.Http.GetJsonAsync<InputView[]>("api/inputs");
        Assert.That(inputs.Select(input => (input.Name, input.Active)), Is.EqualTo(new[] { ("record", false), ("function", false), ("dock", false), ("trigger", false) }));

        await emulator.Http.OkAsync(HttpMethod.Put, "api/inputs/record", new LevelRequest(true));
        Assert.That((await emulator.Http.GetJsonAsync<InputView>("api/inputs/record")).Active, Is.True);
        var pin = new DeviceOptions().Pins.RecordButton.Pin;
        Assert.That(emulator.Device.Device.Gpio.LevelOf(pin), Is.EqualTo(System.Device.Gpio.PinValue.Low), "pressed = low on an active-low button");
        await emulator.Http.OkAsync(HttpMethod.Put, "api/inputs/record", new LevelRequest(false));

        using var unknown = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/inputs/volume", new LevelRequest(true));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task DoublePressAndHoldEndpointsMakeTheFirmwaresGestures()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await emulator.Http.OkAsync(HttpMethod.Post, "api/inputs/record/double-press", new PressRequest(100, 150));
        Assert.That((await emulator.StatusWhenAsync(status => status.State == "Recording", TimeSpan.FromSeconds(5))).State, Is.EqualTo("Recording"));

        await emulator.Http.OkAsync(HttpMethod.Post, "api/inputs/function/press", new PressRequest(80));
        Assert.That((await emulator.Http.GetJsonAsync<StatusView>("api/status")).MarkerCount, Is.EqualTo(1), "a function press marks");

        await emulator.Http.OkAsync(HttpMethod.Post, "api/inputs/record/hold", new PressRequest(3250));
        Assert.That((await emulator.StatusWhenAsync(status => status.State == "Buffering", TimeSpan.FromSeconds(5))).State, Is.EqualTo("Buffering"));

        var audit = await emulator.Http.GetJsonAsync<AuditView[]>("api/audit");
        Assert.That(audit.Where(entry => entry.Kind == "gesture").Select(entry => entry.Details["gesture"]), Is.SupersetOf(new[] { "DoublePress", "ShortPress", "Hold" }));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task EdgesSentBackToBackWithTheClientsTimesMakeTheDoublePressTheClientMade()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);

        // As a page whose requests queued behind a slow one: four edges in a burst, each with
        // when the person made it. Unpaced, the presses would be shorter than the debounce time.
        foreach (var (active, at) in new[] { (true, 5_000.0), (false, 5_100.0), (true, 5_250.0), (false, 5_350.0) })
        {
            await emulator.Http.OkAsync(HttpMethod.Put, "api/inputs/record", new LevelRequest(active, at));
        }

        var state = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(5); state != "Recording" && DateTime.UtcNow < deadline; await Task.Delay(50))
        {
            state = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).State;
        }

        Assert.That(state, Is.EqualTo("Recording"), "the double-press arrived whole");

        using var invalid = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/inputs/record", new LevelRequest(true, -1));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await invalid.Content.ReadAsStringAsync(), Does.Contain("atMs"));
    }

    [Test]
    public async Task StatusReportsTheEnvironmentAndTheBufferFill()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        var json = await emulator.Http.GetStringAsync("api/status");
        Assert.That(json, Does.Contain("\"bufferFill\":{\"seconds\":").And.Contain("\"targetSeconds\":30}"));
        var status = await emulator.Http.GetJsonAsync<StatusView>("api/status");
        Assert.That((status.State, status.BatteryPercent, status.FreeStorageMegabytes, status.CameraFaulted), Is.EqualTo(("Buffering", (int?)100, (long?)32_000, (bool?)false)));
    }

    [Test]
    public async Task BatteryAndStorageBelowTheirThresholdsRaiseTheirAlarms()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await emulator.Http.OkAsync(HttpMethod.Put, "api/battery", new BatteryRequest(10));
        await emulator.Http.OkAsync(HttpMethod.Put, "api/storage", new StorageRequest(0));
        Assert.That((await emulator.Http.GetJsonAsync<StatusView>("api/status")).Alarms, Is.EquivalentTo(new[] { "StorageFull", "LowBattery" }));

        await emulator.Http.OkAsync(HttpMethod.Put, "api/battery", new BatteryRequest(80));
        await emulator.Http.OkAsync(HttpMethod.Put, "api/storage", new StorageRequest(20_000));
        Assert.That((await emulator.Http.GetJsonAsync<StatusView>("api/status")).Alarms, Is.Empty);

        using var invalid = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/battery", new BatteryRequest(140));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task ACameraFaultPutsTheDeviceInFaultUntilItRecovers()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await emulator.Http.OkAsync(HttpMethod.Post, "api/camera/fault", new FaultRequest("sensor timeout"));
        var faulted = await emulator.Http.GetJsonAsync<StatusView>("api/status");
        Assert.That((faulted.State, faulted.CameraFaulted), Is.EqualTo(("Fault", (bool?)true)));
        Assert.That(faulted.Alarms, Does.Contain("CameraFault"));

        Assert.That((await emulator.StatusWhenAsync(status => status.State != "Fault", TimeSpan.FromSeconds(1))).State, Is.EqualTo("Fault"), "the camera stays broken until told to recover");

        await emulator.Http.OkAsync(HttpMethod.Post, "api/camera/recover");
        var recovered = await emulator.StatusWhenAsync(status => status.State == "Buffering", TimeSpan.FromSeconds(5));
        Assert.That((recovered.State, recovered.CameraFaulted), Is.EqualTo(("Buffering", (bool?)false)), "the supervisor's next restart finds it working");
    }
}
