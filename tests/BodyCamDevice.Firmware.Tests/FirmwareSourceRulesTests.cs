// The firmware must take every wait and timestamp from a TimeProvider, so that tests can run it
// on virtual time and a device never mixes clocks. This scans the sources for the ways around it.
using System.Text.RegularExpressions;

namespace BodyCamDevice.Firmware.Tests;

public partial class FirmwareSourceRulesTests
{
    [GeneratedRegex(@"DateTime(Offset)?\.(Now|UtcNow)|Thread\.Sleep|System\.Timers|new\s+(System\.Threading\.)?Timer\(|Task\.Delay\((?![^;]*(TimeProvider|time))")]
    private static partial Regex ForbiddenTimeApi();

    [Test]
    public void FirmwareCodeTakesTimeOnlyFromATimeProvider()
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BodyCamDevice.sln")))
        {
            root = root.Parent;
        }

        var firmware = Path.Combine(root!.FullName, "firmware");
        var offenders = Directory.EnumerateFiles(firmware, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => File.ReadLines(path).Select((line, index) => (path, line, index)))
            .Where(entry => !entry.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && ForbiddenTimeApi().IsMatch(entry.line))
            .Select(entry => $"{Path.GetRelativePath(firmware, entry.path)}:{entry.index + 1}: {entry.line.Trim()}")
            .ToArray();

        Assert.That(offenders, Is.Empty);
    }
}
