using System.Text.Json;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Storage;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Storage;

public class JsonLinesAuditSinkTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-audit-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task EntriesAreAppendedAsJsonLinesWithUtcTimes()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 30, 15, 250, TimeSpan.Zero));
        await using (var sink = new JsonLinesAuditSink(path))
        {
            var trail = new AuditTrail(time, sink);
            trail.Record("boot", ("serial", "BC-1"));
            time.Advance(TimeSpan.FromSeconds(1));
            trail.Record("marker", ("source", "record \"button\""));
        }

        var lines = await File.ReadAllLinesAsync(path);
        Assert.That(lines, Has.Length.EqualTo(2));
        using var second = JsonDocument.Parse(lines[1]);
        Assert.That(second.RootElement.GetProperty("seq").GetInt64(), Is.EqualTo(2));
        Assert.That(second.RootElement.GetProperty("utc").GetString(), Is.EqualTo("2026-03-01T09:30:16.250Z"));
        Assert.That(second.RootElement.GetProperty("kind").GetString(), Is.EqualTo("marker"));
        Assert.That(second.RootElement.GetProperty("details").GetProperty("source").GetString(), Is.EqualTo("record \"button\""));
    }

    [Test]
    public async Task NumberingContinuesAfterARestartAndSurvivesATornLastLine()
    {
        var path = Path.Combine(_directory, "audit.jsonl");
        await using (var sink = new JsonLinesAuditSink(path))
        {
            var trail = new AuditTrail(TimeProvider.System, sink);
            for (var i = 0; i < 5; i++)
            {
                trail.Record("state");
            }
        }

        await File.AppendAllTextAsync(path, "{\"seq\":6,\"utc\":\"2026-0"); // power cut mid-line
        await using (var sink = new JsonLinesAuditSink(path))
        {
            Assert.That(sink.LastSequence, Is.EqualTo(5));
            var trail = new AuditTrail(TimeProvider.System, sink);
            Assert.That(trail.Record("boot").Sequence, Is.EqualTo(6));
        }

        Assert.That((await File.ReadAllTextAsync(path)).Split('\n')[0], Does.StartWith("{\"seq\":1,"), "earlier lines are never rewritten");
    }
}
