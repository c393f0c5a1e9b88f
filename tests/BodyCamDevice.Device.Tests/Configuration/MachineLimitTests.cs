// Recording.BufferBytes against the machine's memory, when `bodycam run` starts: a buffer the
// machine cannot hold is a configuration error (exit 3, the field named, nothing opened), not
// an OOM kill once the buffer has filled. The machine is made small with the runtime's own heap
// limit (DOTNET_GCHeapHardLimit), which is what the device's memory looks like to the firmware.
namespace BodyCamDevice.Device.Tests.Configuration;

public class MachineLimitTests
{
    private string _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    public void ABufferOfMoreThanHalfTheMachinesMemoryIsRefusedWhenTheDeviceStarts()
    {
        var config = Path.Combine(_state, "bodycam.json");
        File.WriteAllText(config, """
            {
              "Identity": { "DeviceSerial": "BC-004711", "OfficerId": "4711" },
              "Recording": { "Directory": "recordings", "BufferBytes": 200000000 },
              "Audit": { "Path": "audit.jsonl" }
            }
            """);
        var smallMachine = new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x10000000" }; // 256 MiB

        var (checkExit, checkOutput, _) = Bodycam.Run(["config", "check", config], environment: smallMachine);
        Assert.That(checkExit, Is.Zero, "the file itself is valid: config check may run on another machine");
        Assert.That(checkOutput, Does.StartWith("ok: "));

        var (exitCode, _, error) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "testpattern", "--config", config, "--state-dir", _state], environment: smallMachine);

        Assert.That(exitCode, Is.EqualTo(3), error);
        Assert.That(error, Does.Contain("  Recording.BufferBytes = 200000000: is more than half of this machine's memory (256 MiB)"));
        Assert.That(Directory.GetFileSystemEntries(_state), Is.EqualTo(new[] { config }), "nothing opened: no audit log, no recordings");
    }
}
