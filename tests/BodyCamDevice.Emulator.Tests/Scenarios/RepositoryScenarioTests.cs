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

// Scenarios under scenarios/camera/ need a camera and the real clock: they run on the real
// capture pipeline with the test-pattern camera, so their recording checks read real manifests.
public class CameraScenarioTests
{
    public static IEnumerable<TestCaseData> ScenarioFiles() =>
        Directory.EnumerateFiles(Path.Combine(RequiredTools.RepositoryRoot(), "scenarios", "camera"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(path).SetArgDisplayNames(Path.GetFileName(path)));

    [TestCaseSource(nameof(ScenarioFiles))]
    [CancelAfter(120_000)]
    public async Task TheScenarioPassesOnTheRealPipeline(string path)
    {
        RequiredTools.RequireFfmpeg();
        var options = new DeviceOptions();
        options.Recording.PreRecord = TimeSpan.FromSeconds(3);
        var log = new StringWriter();
        var result = await ScenarioCommand.RunInProcessAsync(ScenarioLoader.Load(path), options, virtualTime: false, recordingsDirectory: null, trace: false, log, BodyCamDevice.Firmware.Capture.Camera.CameraChoice.TestPattern);
        TestContext.Out.WriteLine(log.ToString());
        Assert.That(result.Passed, Is.True, result.Failure);
        Assert.That(result.Notes, Has.None.Contains("not checked"), "the manifest's pre-roll and gaps were really read");
    }
}
