// `emulator scenario FILE --connection FILE`: an in-process scenario on real time docks and the
// emulator offloads to the store the connection file names (a real single-node Swift on
// 127.0.0.1); a connection with a remote target, on virtual time, or one that does not validate is
// refused with the reason before anything runs.
using BodyCamDevice.DevServices;
using BodyCamDevice.Emulator.Scenarios;

namespace BodyCamDevice.Emulator.Tests.Scenarios;

[NonParallelizable]
public class ScenarioConnectionTests
{
    private const string DockAfterARecording = """
        name: a recording, then the dock
        virtualTime: false
        steps:
          - wait: 2s
          - start:
          - wait: 2s
          - stop:
          - expectState: { state: Buffering, within: 5s }
          - dock: true
          - expectState: Docked
          - wait: 20s
        """;

    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("bodycam-scenario-store-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    [CancelAfter(180_000)]
    public async Task ARealTimeScenarioThatDocksOffloadsToTheStoreItWasGiven()
    {
        await using var store = await SwiftDevStore.StartAsync();
        string officer = "S" + Guid.NewGuid().ToString("N")[..8];
        string config = Path.Combine(_folder, "config.json");
        await File.WriteAllTextAsync(config, $$"""{ "Identity": { "OfficerId": "{{officer}}" } }""");
        string recordings = Path.Combine(_folder, "recordings");
        var output = new StringWriter();
        var errors = new StringWriter();

        int exit = await ScenarioCommand.RunAsync(Arguments(DockAfterARecording) with { ConfigFile = new FileInfo(config), RecordingsDirectory = recordings, ConnectionFile = new FileInfo(store.ConnectionFile) }, output, errors);

        Assert.That(exit, Is.EqualTo(ExitCodes.Success), output + errors.ToString());
        var container = (await store.Admin.ListAsync()).SingleOrDefault(name => name.StartsWith(officer + "_", StringComparison.Ordinal));
        Assert.That(container, Is.Not.Null, "the scenario's recording is in the store");
        Assert.That((await store.Admin.HeadAsync(container!))!["X-Container-Meta-Status"], Is.EqualTo("Complete"));
        Assert.That(Directory.GetFiles(recordings, "*.mp4"), Is.Empty, "the camera deleted what the store confirmed");
    }

    [Test]
    public async Task AConnectionIsRefusedWithARemoteTargetOnVirtualTimeAndWhenItDoesNotValidate()
    {
        string connection = Path.Combine(_folder, "connection.json");
        await File.WriteAllTextAsync(connection, """{ "ConnectionFileVersion": "1.0", "AuthenticationTokenURI": ["ftp://127.0.0.1/auth"] }""");

        var remote = new StringWriter();
        Assert.That(await ScenarioCommand.RunAsync(Arguments(DockAfterARecording) with { Target = new Uri("http://127.0.0.1:9/"), ConnectionFile = new FileInfo(connection) }, new StringWriter(), remote), Is.EqualTo(ExitCodes.Usage));
        Assert.That(remote.ToString(), Does.Contain("--connection needs the in-process emulator"));

        var virtualTime = new StringWriter();
        Assert.That(await ScenarioCommand.RunAsync(Arguments(DockAfterARecording) with { VirtualTime = true, ConnectionFile = new FileInfo(connection) }, new StringWriter(), virtualTime), Is.EqualTo(ExitCodes.Usage));
        Assert.That(virtualTime.ToString(), Does.Contain("--real-time"));

        var invalid = new StringWriter();
        Assert.That(await ScenarioCommand.RunAsync(Arguments(DockAfterARecording) with { ConnectionFile = new FileInfo(connection) }, new StringWriter(), invalid), Is.EqualTo(ExitCodes.Usage));
        Assert.That(invalid.ToString(), Does.Contain("Invalid connection file").And.Contain("AuthenticationTokenURI"));
    }

    private ScenarioArguments Arguments(string yaml)
    {
        string file = Path.Combine(_folder, "scenario.yaml");
        File.WriteAllText(file, yaml);
        return new ScenarioArguments(new FileInfo(file), null, null, null, null, null, false);
    }
}
