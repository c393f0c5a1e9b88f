// Every malformed configuration in ConfigCases/ (expected-fields.tsv names the field its error
// must name) through `bodycam config check` as a real process, and through `bodycam run` on
// drivers that count what is opened: a bad file exits 3, names the field, and opens no pin.
using BodyCamDevice.Device.Commands;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Device.Tests.Configuration;

public class ConfigCaseTests
{
    private static string CasesDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "ConfigCases");

    private static string ValidConfig => Path.Combine(TestContext.CurrentContext.TestDirectory, "valid-config.json");

    public static IEnumerable<TestCaseData> Cases() =>
        File.ReadLines(Path.Combine(Path.GetDirectoryName(typeof(ConfigCaseTests).Assembly.Location)!, "ConfigCases", "expected-fields.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(fields => new TestCaseData(fields[0], fields[1]).SetArgDisplayNames(fields[0]));

    [Test]
    public void TheTableListsEveryCaseFileAndThereAreAtLeastTwenty()
    {
        var listed = Cases().Select(data => (string)data.Arguments[0]!).Order().ToArray();
        var files = Directory.GetFiles(CasesDirectory, "*.json").Select(Path.GetFileName).Order().ToArray();
        Assert.That(listed, Is.EqualTo(files));
        Assert.That(listed, Has.Length.GreaterThanOrEqualTo(20));
    }

    [TestCaseSource(nameof(Cases))]
    public void ConfigCheckRefusesItAndNamesTheField(string file, string field)
    {
        var (exitCode, output, error) = Bodycam.Run(["config", "check", Path.Combine(CasesDirectory, file)]);

        Assert.That(exitCode, Is.EqualTo(3), error);
        Assert.That(error, Does.Contain($"  {field} = "), "the message names the field and echoes its value");
        Assert.That(error, Does.Contain(file));
        Assert.That(output, Does.Not.Contain("ok"));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task RunRefusesItBeforeOpeningAnyPin(string file, string field)
    {
        var drivers = new CountingDrivers();
        var state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;
        var error = new StringWriter();
        try
        {
            var exitCode = await RunCommand.RunAsync(
                new RunArguments(Path.Combine(CasesDirectory, file), VirtualGpio: false, CameraChoice.Virtual, state, Rig: false, RigTokenFile: null),
                error,
                CancellationToken.None,
                drivers,
                variable: _ => null);

            Assert.That(exitCode, Is.EqualTo(3), error.ToString());
            Assert.That(error.ToString(), Does.Contain($"  {field} = "));
            Assert.That(drivers.ChipOpened, Is.False, "the GPIO chip is not even opened");
            Assert.That(drivers.PinsOpened, Is.Zero);
            Assert.That(drivers.PwmChannelsMade, Is.Zero);
            Assert.That(Directory.GetFileSystemEntries(state), Is.Empty, "nothing written either (no audit log)");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Test]
    public void ConfigCheckSaysOkForAValidFileAndSummarisesIt()
    {
        var (exitCode, output, error) = Bodycam.Run(["config", "check", ValidConfig]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.StartWith("ok: "));
        Assert.That(output, Does.Contain("device BC-004711, officer 4711"));
        Assert.That(output, Does.Contain("red GPIO24"));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        var (exitCode, _, error) = Bodycam.Run(["config", "check", "/no/such/bodycam.json"]);

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(error, Does.Contain("(file) = /no/such/bodycam.json"));
    }

    [Test]
    public async Task RunOpensThePinsOfAValidFile()
    {
        // The positive control: the same drivers do see the pins of a valid configuration.
        var drivers = new CountingDrivers();
        var state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;
        using var stop = new CancellationTokenSource();
        var pinsWhenOpened = 0;
        try
        {
            var exitCode = await RunCommand.RunAsync(
                new RunArguments(ValidConfig, VirtualGpio: false, CameraChoice.Virtual, state, Rig: false, RigTokenFile: null),
                TextWriter.Null,
                stop.Token,
                drivers,
                variable: _ => null,
                opened: _ =>
                {
                    pinsWhenOpened = drivers.PinsOpened;
                    stop.Cancel();
                });

            Assert.That(exitCode, Is.Zero);
            Assert.That(pinsWhenOpened, Is.EqualTo(7), "4 inputs, 2 LEDs, vibration");
            Assert.That(drivers.PwmChannelsMade, Is.EqualTo(1), "the piezo");
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
