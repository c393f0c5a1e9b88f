// Every scenario in the repository's scenarios/ folder passes, in process on virtual time through
// the real capture pipeline with the virtual camera (the demo too: it is meant for real time, but
// nothing in it needs the real clock). The two-hour recording leaves real, sealed clips behind.
using System.Security.Cryptography;
using BodyCamDevice.Emulator.Scenarios;
using BodyCamDevice.Firmware.Capture.Recording;
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
        var scenario = ScenarioLoader.Load(path);
        var log = new StringWriter();
        var result = await ScenarioCommand.RunInProcessAsync(scenario, new DeviceOptions(), virtualTime: true, recordingsDirectory: null, trace: false, log);
        TestContext.Out.WriteLine(log.ToString());
        Assert.That(result.Passed, Is.True, result.Failure);
    }

    [Test]
    public void TheRepositoryHasTheScenariosCiRuns() =>
        Assert.That(ScenarioFiles().Select(data => Path.GetFileName((string)data.Arguments[0]!)), Is.SupersetOf(new[] { "start-stop.yaml", "reminders-over-2-hours.yaml", "stealth.yaml", "alarms.yaml", "camera-restart.yaml" }));

    [Test]
    [CancelAfter(120_000)]
    public async Task TwoHoursOfRecordingOnVirtualTimeAreSealedClipsThatHoldEveryFrame()
    {
        var recordings = Directory.CreateTempSubdirectory("bodycam-two-hours-").FullName;
        try
        {
            var scenario = ScenarioLoader.Load(Path.Combine(RequiredTools.RepositoryRoot(), "scenarios", "reminders-over-2-hours.yaml"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await ScenarioCommand.RunInProcessAsync(scenario, new DeviceOptions(), virtualTime: true, recordings, trace: false, TextWriter.Null);
            TestContext.Out.WriteLine($"two hours of device time in {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.That(result.Passed, Is.True, result.Failure);

            var clips = Directory.GetFiles(recordings, "*_clip*.json").Order(StringComparer.Ordinal)
                .Select(path => ManifestJson.Parse(File.ReadAllBytes(path))).ToArray();
            var bytes = clips.Sum(clip => new FileInfo(Path.Combine(recordings, clip.File.Name)).Length);
            TestContext.Out.WriteLine($"{clips.Length} clips, {bytes / 1e6:0.0} MB");
            Assert.That(clips.Select(clip => clip.EndReason), Is.EqualTo(new[] { "Split", "Split", "Split", "Split", "Stopped" }), "30 min clips, then the rest");
            Assert.That(clips.Select(clip => clip.RecordingId).Distinct().Count(), Is.EqualTo(1));
            Assert.That(clips.Sum(clip => clip.Clip.DurationSeconds), Is.InRange(7210, 7250), "two hours and the steps around them");
            Assert.That(clips.SelectMany(clip => clip.Gaps), Is.Empty);
            Assert.That(clips.Skip(1).Select((clip, i) => clip.Frames.FirstSequence - clips[i].Frames.LastSequence), Has.All.EqualTo(1), "each clip goes on where the last ended");
            Assert.That(bytes, Is.LessThan(100_000_000), "the virtual camera's stream is small");
            foreach (var clip in clips)
            {
                await using var file = File.OpenRead(Path.Combine(recordings, clip.File.Name));
                Assert.That(Convert.ToHexStringLower(await SHA256.HashDataAsync(file)), Is.EqualTo(clip.File.Hash), clip.File.Name);
            }
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }
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
