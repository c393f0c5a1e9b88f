// Every malformed connection file in ConnectionCases/ (expected-fields.tsv names the field its
// error must name) through `bodycam connection check` as a real process and `connection set` in
// process: exit 3, the field named, the store's key never echoed, nothing installed.
using BodyCamDevice.Device.Commands;

namespace BodyCamDevice.Device.Tests.Connection;

public class ConnectionCaseTests
{
    // The BlobAPIKey of every case file: no output may ever show it.
    private const string Secret = "s3cret-key-never-shown";

    private static string CasesDirectory => Path.Combine(TestContext.CurrentContext.TestDirectory, "ConnectionCases");

    public static IEnumerable<TestCaseData> Cases() =>
        File.ReadLines(Path.Combine(Path.GetDirectoryName(typeof(ConnectionCaseTests).Assembly.Location)!, "ConnectionCases", "expected-fields.tsv"))
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
    public void CheckRefusesItAndNamesTheField(string file, string field)
    {
        using var state = new StateDirectory();
        var (exitCode, output, error) = Bodycam.Run(["connection", "check", Path.Combine(CasesDirectory, file), "--state-dir", state.Path]);

        Assert.That(exitCode, Is.EqualTo(3), error);
        Assert.That(error, Does.Contain($"  {field} = "), "the message names the field and echoes its value");
        Assert.That(error, Does.Contain(file));
        Assert.That(output + error, Does.Not.Contain(Secret), "the store's key is never shown");
        Assert.That(output, Does.Not.Contain("ok"));
    }

    [TestCaseSource(nameof(Cases))]
    public void SetRefusesItAndInstallsNothing(string file, string field)
    {
        // In process (the command's own code): check above runs every case as a real process.
        using var state = new StateDirectory();
        var error = new StringWriter();
        var exitCode = ConnectionCommand.Set(Path.Combine(CasesDirectory, file), state.Path, TextWriter.Null, error);

        Assert.That(exitCode, Is.EqualTo(3), error.ToString());
        Assert.That(error.ToString(), Does.Contain($"  {field} = "));
        Assert.That(Directory.GetFileSystemEntries(state.Path), Is.Empty, "nothing installed, no temporary file left");
    }

    [Test]
    public void AFileOverSixtyFourKilobytesIsRefusedBeforeItIsParsed()
    {
        using var state = new StateDirectory();
        var path = Path.Combine(state.Path, "large.json");
        var valid = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "valid-connection.json"));
        File.WriteAllText(path, valid.Replace("\"SiteName\"", $"\"Padding\": \"{new string('x', 64 * 1024)}\",\n  \"SiteName\"", StringComparison.Ordinal));

        foreach (var verb in new[] { "check", "set" })
        {
            var (exitCode, _, error) = Bodycam.Run(["connection", verb, path, "--state-dir", state.Path]);

            Assert.That(exitCode, Is.EqualTo(3), error);
            Assert.That(error, Does.Contain("  (file) = ").And.Contain("at most 65536 bytes"));
            Assert.That(error, Does.Not.Contain("Padding"), $"{verb}: the size is checked before the content");
        }
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        using var state = new StateDirectory();
        var (exitCode, _, error) = Bodycam.Run(["connection", "check", "/no/such/connection.json", "--state-dir", state.Path]);

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(error, Does.Contain("(file) = /no/such/connection.json"));
    }
}

/// <summary>A state directory of its own for one test, deleted afterwards.</summary>
internal sealed class StateDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
