// Rules the firmware's sources keep, checked by scanning them:
// - every wait and timestamp comes from a TimeProvider, so that tests can run it on virtual time
//   and a device never mixes clocks;
// - Core (the state machine, gestures, patterns, alarms, audit trail, policies) does no I/O: no
//   file, directory, process, socket or console, nothing run off the event loop. Adapters outside
//   Core (Hardware, Capture, Storage) reach the world.
using System.Text.RegularExpressions;

namespace BodyCamDevice.Firmware.Tests;

public partial class FirmwareSourceRulesTests
{
    [GeneratedRegex(@"DateTime(Offset)?\.(Now|UtcNow)|Thread\.Sleep|System\.Timers|new\s+(System\.Threading\.)?Timer\(|Task\.Delay\((?![^;]*(TimeProvider|time))")]
    private static partial Regex ForbiddenTimeApi();

    // File system (File, Directory, FileInfo, Path's disk lookups, streams on files, DriveInfo),
    // processes, sockets, HTTP, the console and the environment, and work sent off the loop.
    [GeneratedRegex(@"\b(System\.IO\.)?(File|Directory|FileInfo|DirectoryInfo|DriveInfo|FileStream|StreamWriter|StreamReader|FileSystemWatcher|RandomAccess)\s*[.(]|\bnew\s+(FileStream|StreamWriter|StreamReader|FileInfo|DirectoryInfo|DriveInfo)\b|\bPath\.(GetFullPath|GetTempPath|GetTempFileName)|\b(System\.Diagnostics\.)?Process\b|\bSocket\b|\bHttpClient\b|\bConsole\.|\bEnvironment\.(GetEnvironmentVariable|CurrentDirectory|Exit)|\bTask\.Run\b|\bThreadPool\.|\bnew\s+Thread\(")]
    private static partial Regex ForbiddenCoreIo();

    [Test]
    public void FirmwareCodeTakesTimeOnlyFromATimeProvider()
    {
        var offenders = Offenders(FirmwareSources(), ForbiddenTimeApi());

        Assert.That(offenders, Is.Empty);
    }

    [Test]
    public void CoreDoesNoIo()
    {
        var core = FirmwareSources().Where(file => file.Relative.StartsWith($"BodyCamDevice.Firmware{Path.DirectorySeparatorChar}Core{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToArray();
        var offenders = Offenders(core, ForbiddenCoreIo());

        Assert.That(core, Has.Length.GreaterThan(30), "Core's sources were found");
        Assert.That(offenders, Is.Empty);
    }

    [TestCase("var text = File.ReadAllText(path);")]
    [TestCase("Directory.CreateDirectory(folder);")]
    [TestCase("using var stream = new FileStream(path, FileMode.Append);")]
    [TestCase("var full = Path.GetFullPath(path);")]
    [TestCase("Process.Start(\"ffmpeg\");")]
    [TestCase("_ = Task.Run(WriteAsync);")]
    [TestCase("ThreadPool.QueueUserWorkItem(_ => Send());")]
    [TestCase("Console.WriteLine(entry);")]
    public void TheCoreRuleCatchesIo(string line) =>
        Assert.That(ForbiddenCoreIo().IsMatch(line), Is.True);

    [TestCase("var path = Path.Combine(a, b);")]
    [TestCase("_loop.Post(() => _machine.Fire(DeviceTrigger.Faulted));")]
    [TestCase("_audit.Record(\"fault\", (\"code\", code.ToString()));")]
    [TestCase("public sealed class AlarmMonitor")]
    public void TheCoreRuleLetsLogicBe(string line) =>
        Assert.That(ForbiddenCoreIo().IsMatch(line), Is.False);

    private static (string Path, string Relative)[] FirmwareSources()
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BodyCamDevice.sln")))
        {
            root = root.Parent;
        }

        var firmware = Path.Combine(root!.FullName, "firmware");
        return Directory.EnumerateFiles(firmware, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => (path, Path.GetRelativePath(firmware, path)))
            .ToArray();
    }

    // Lines (not comments) that match, as "file:line: code".
    private static string[] Offenders(IEnumerable<(string Path, string Relative)> files, Regex forbidden) =>
        files
            .SelectMany(file => File.ReadLines(file.Path).Select((line, index) => (file.Relative, line, index)))
            .Where(entry => !entry.line.TrimStart().StartsWith("//", StringComparison.Ordinal) && forbidden.IsMatch(entry.line))
            .Select(entry => $"{entry.Relative}:{entry.index + 1}: {entry.line.Trim()}")
            .ToArray();
}
