// A scenario stops at its first failed expectation and says which step failed and what was
// seen; a malformed file is refused before anything runs, naming the line.
using BodyCamDevice.Emulator.Scenarios;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Emulator.Tests.Scenarios;

public class ScenarioFailureTests
{
    private const string WrongBlink = """
        name: expects the wrong blink rate
        virtualTime: true
        steps:
          - wait: 1s
          - doublePress: record
          - expectBlink: { output: record-indicator, frequencyHz: 2, tolerance: 5%, over: 4s }
          - expectState: Buffering
        """;

    [Test]
    public async Task AWrongExpectationFailsNamingTheStepAndWhatWasSeen()
    {
        var log = new StringWriter();
        var result = await ScenarioCommand.RunInProcessAsync(ScenarioLoader.Parse(WrongBlink, "wrong.yaml"), new DeviceOptions(), true, null, false, log);

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Failure, Does.Contain("step 3 (record-indicator blinks at 2 Hz").And.Contain("line 6").And.Contain("1 Hz"), result.Failure);
        Assert.That(log.ToString(), Does.Not.Contain("step 4").And.Not.Contain("state is Buffering"), "nothing runs after the failure");
    }

    [Test]
    public async Task TheCommandExitsWithOneOnAFailedExpectationAndTwoOnAMalformedFile()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("bodycam-scenario-test-").FullName, "wrong.yaml");
        await File.WriteAllTextAsync(file, WrongBlink);
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.That(await ScenarioCommand.RunAsync(new ScenarioArguments(new FileInfo(file), null, null, null, null, null, false), output, errors), Is.EqualTo(ExitCodes.ScenarioFailed));
        Assert.That(output.ToString(), Does.Contain("FAILED step 3"));

        await File.WriteAllTextAsync(file, "name: broken\nsteps:\n  - wait: 1s\n  - squeeze: record\n");
        errors = new StringWriter();
        Assert.That(await ScenarioCommand.RunAsync(new ScenarioArguments(new FileInfo(file), null, null, null, null, null, false), output, errors), Is.EqualTo(ExitCodes.Usage));
        Assert.That(errors.ToString(), Does.Contain("step 2, line 4: squeeze is not a step kind"));
    }

    [TestCase("  - wait: soon\n", "line 3: wait has 'soon', which is not a duration")]
    [TestCase("  - wait: 1e308s\n", "line 3: wait has '1e308s', which is not a duration")]
    [TestCase("  - wait: Infinity\n", "line 3: wait has 'Infinity', which is not a duration")]
    [TestCase("  - expectTones: { count: 1e300, within: 1s }\n", "line 3: expectTones 'count' must be a whole number")]
    [TestCase("  - expectTones: { count: 2.5, within: 1s }\n", "line 3: expectTones 'count' must be a whole number")]
    [TestCase("  - expectBlink: { output: status-led, frequencyHz: NaN, over: 2s }\n", "line 3: expectBlink 'frequencyHz' must be a number")]
    [TestCase("  - battery: ten\n", "line 3: battery 'percent' must be from 0 to 100, not 'ten'")]
    [TestCase("  - storage: lots\n", "line 3: storage 'freeMegabytes' must be a whole number")]
    [TestCase("  - expectMarkers: 1e99\n", "line 3: expectMarkers 'count' must be a whole number")]
    [TestCase("  - press: elbow\n", "line 3: press names unknown input 'elbow'")]
    [TestCase("  - expectTones: { count: 2 }\n", "line 3: expectTones needs 'within'")]
    [TestCase("  - press: record\n    wait: 1s\n", "must have exactly one kind")]
    public void MalformedStepsAreReportedWithTheirLine(string step, string message)
    {
        var failure = Assert.Throws<ScenarioFormatException>(() => ScenarioLoader.Parse("name: x\nsteps:\n" + step, "x.yaml"));
        Assert.That(failure!.Message, Does.Contain(message));
    }
}
