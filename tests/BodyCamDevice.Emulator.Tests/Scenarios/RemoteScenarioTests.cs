// The same scenario runs against a control API over HTTP — here an emulator serving it in rig
// mode, so with its bearer token, exactly as against a device on a rig. Real time (~8 s), so the
// blink tolerance allows for timer latency on a loaded machine.
using BodyCamDevice.ControlApi.Hosting;
using BodyCamDevice.Emulator.Scenarios;

namespace BodyCamDevice.Emulator.Tests.Scenarios;

public class RemoteScenarioTests
{
    private const string StartAndStop = """
        name: start and stop over the control API
        steps:
          - wait: 500ms
          - doublePress: record
          - expectState: { state: Recording, within: 1s }
          - expectTones: { count: 2, within: 1s, frequencyHz: 2700 }
          - expectBlink: { output: record-indicator, frequencyHz: 1, tolerance: 10%, over: 3s }
          - hold: record
          - expectState: { state: Buffering, within: 1s }
        """;

    [Test]
    [CancelAfter(60_000)]
    public async Task AScenarioRunsAgainstARemoteControlApiWithItsToken()
    {
        const string token = "scenario-rig-token-0123456789";
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await using var rig = await RigModeServer.StartAsync(emulator.Device.Rig, new RigModeOptions { Enabled = true, BindAddress = "127.0.0.1", Port = 0, Token = token });
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await ScenarioCommand.RunAsync(ScenarioLoader.Parse(StartAndStop, "remote.yaml"), new ScenarioArguments(new FileInfo("remote.yaml"), null, rig.Url, token, null, null, false), output, errors);

        TestContext.Out.WriteLine(output.ToString());
        Assert.That(exit, Is.EqualTo(ExitCodes.Success), output + errors.ToString());
        Assert.That(output.ToString(), Does.Contain($"control API at {rig.Url}"));
    }
}
