// Every scenario in the repository's scenarios/ folder passes, in process on virtual time (the
// demo too: it is meant for real time, but nothing in it needs the real clock).
using BodyCamDevice.Emulator.Scenarios;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Emulator.Tests.Scenarios;

public class RepositoryScenarioTests
{
    public static IEnumerable<TestCaseData> ScenarioFiles() =>
        Directory.EnumerateFiles(Path.Combine(RequiredTools.RepositoryRoot(), "scenarios"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(path)));

    [TestCaseSource(nameof(ScenarioFiles))]
    [CancelAfter(120_000)]
    public async Task TheScenarioPasses(string path)
    {
        RequiredTools.RequireFfmpeg();
        var scenario = ScenarioLoader.Load(path);
        var log = new StringWriter();
        var result = await ScenarioCommand.RunInProcessAsync(scenario, new DeviceOptions(), virtualTime: true, recordingsDirectory: null, trace: false, log);
        TestContext.Out.WriteLine(log.ToString());
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    [Test]
    public void TheRepositoryHasTheScenariosCiRuns() =>
        Assert.That(ScenarioFiles().Select(data => Path.GetFileName((string)data.Arguments[0]!)), Is.SupersetOf(new[] { "start-stop.yaml", "reminders-over-2-hours.yaml", "stealth.yaml", "alarms.yaml" }));
}
