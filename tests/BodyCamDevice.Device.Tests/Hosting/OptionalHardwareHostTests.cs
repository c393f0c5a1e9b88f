// The optional parts in the device program: enabled in the configuration but absent from the
// board (this machine has no /dev/i2c-7), the camera still starts and buffers, each missing part
// is named in the log and in the audit log, and the RTC's absence sounds the clock alarm.
namespace BodyCamDevice.Device.Tests.Hosting;

public class OptionalHardwareHostTests
{
    private string _state = "";

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    public void EnabledPartsThatAreMissingAreReportedAndTheCameraStillBuffers()
    {
        string config = Path.Combine(_state, "bodycam.json");
        File.WriteAllText(config, """
            {
              "Identity": { "DeviceSerial": "BC-004711", "OfficerId": "4711" },
              "Recording": { "Directory": "recordings" },
              "Audit": { "Path": "audit.jsonl" },
              "Rtc": { "Enabled": true, "I2cBus": 7 },
              "FuelGauge": { "Enabled": true, "I2cBus": 7 }
            }
            """);
        using var notify = new NotifySocket();
        using var bodycam = Bodycam.Start(
            ["run", "--config", config, "--virtual-gpio", "--camera", "virtual", "--state-dir", _state],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });

        notify.WaitFor("READY=1", TimeSpan.FromSeconds(30));
        Thread.Sleep(500);
        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);

        Assert.That(bodycam.Output, Does.Contain("Optional hardware: Rtc").And.Contain("Optional hardware: FuelGauge"));
        string audit = File.ReadAllText(Path.Combine(_state, "audit.jsonl"));
        Assert.That(audit, Does.Contain("\"kind\":\"hardware\"").And.Contain("cannot open"));
        Assert.That(audit, Does.Contain("ClockNotSet"), "no RTC: the clock alarm");
    }
}
