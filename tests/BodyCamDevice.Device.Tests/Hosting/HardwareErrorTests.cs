// Without the GPIO chip the configuration names, `run` and the board self-test stop with exit 4
// and a message that names the chip and says what to check (/dev/gpiochip15 exists nowhere).
namespace BodyCamDevice.Device.Tests.Hosting;

public class HardwareErrorTests
{
    private string _directory = null!;
    private string _config = null!;

    [SetUp]
    public void WriteConfig()
    {
        _directory = Directory.CreateTempSubdirectory("bodycam-state-").FullName;
        _config = Path.Combine(_directory, "bodycam.json");
        File.WriteAllText(_config, """{ "Identity": { "DeviceSerial": "BC-NOCHIP" }, "Pins": { "GpioChip": 15 }, "Audit": { "Path": "audit.jsonl" } }""");
    }

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void RunNamesTheMissingGpioChip()
    {
        var (exitCode, _, error) = Bodycam.Run(["run", "--config", _config, "--camera", "virtual", "--state-dir", _directory]);

        Assert.That(exitCode, Is.EqualTo(4));
        Assert.That(error, Does.Contain("GPIO chip /dev/gpiochip15 does not exist (Pins.GpioChip = 15)"));
        Assert.That(error, Does.Contain("--virtual-gpio"));
    }

    [Test]
    public void TheBoardSelfTestNamesTheMissingGpioChip()
    {
        var (exitCode, output, error) = Bodycam.Run(["selftest", "--config", _config, "--seconds", "0.1"]);

        Assert.That(exitCode, Is.EqualTo(4));
        Assert.That(error, Does.Contain("/dev/gpiochip15"));
        Assert.That(output, Does.Not.Contain("driving"), "nothing was driven");
    }
}
