// docs/state-diagram.md is generated from the state machine's own configuration. This test fails
// when the two drift apart; `./dev diagram` (BODYCAM_WRITE_DIAGRAM=1) rewrites the file.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Tests.Core;

public class StateDiagramTests
{
    [Test]
    public void TheDocumentedStateDiagramIsTheOneInTheCode()
    {
        var machine = new DeviceStateMachine(() => false, () => false);
        var expected = "# Device states\n\n"
            + "Generated from `firmware/BodyCamDevice.Firmware/Core/DeviceStateMachine.cs` by `./dev diagram`; do not edit by hand.\n\n"
            + "```mermaid\n" + machine.ToMermaid().ReplaceLineEndings("\n").TrimEnd() + "\n```\n";
        var path = Path.Combine(RepositoryRoot(), "docs", "state-diagram.md");

        if (Environment.GetEnvironmentVariable("BODYCAM_WRITE_DIAGRAM") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.Exists(path), Is.True, $"{path} is missing: run ./dev diagram");
        Assert.That(File.ReadAllText(path), Is.EqualTo(expected), "docs/state-diagram.md is out of date: run ./dev diagram");
        foreach (var state in Enum.GetNames<DeviceState>())
        {
            Assert.That(expected, Does.Contain(state));
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BodyCamDevice.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BodyCamDevice.sln not found above the test directory.");
    }
}
