// A docked camera's recordings into a real Swift: every object's MD5 in the store equals the
// local file's, the container metadata is the manifest's, Status Complete comes after every
// object and before the HEAD checks, evidence goes first and never expires, and a second dock
// sends nothing again. A proxy in front of the store only watches here.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests.Store;

public class UploadTests
{
    private const string SigningKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";

    [Test]
    public async Task EveryRecordingIsConfirmedWithTheLocalMd5sAndTheManifestsMetadata()
    {
        var store = DevelopmentStore.Store;
        await using var proxy = await StoreProxy.StartAsync(store.AuthUri);
        using var recordings = new TestRecordings();
        var trigger = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1800).AddMilliseconds(250);
        var plain = recordings.Make(trigger, clips: 2, gnss: true);
        var evidence = recordings.Make(trigger.AddMinutes(10), categories: [new StoreCategory("2", "Arrest")], counter: 2);

        var report = await new OffloadSession(Connections.Of(store, proxy.AuthUri), Connections.Options(recordings, signingKey: SigningKey), TimeProvider.System)
            .RunAsync([plain, evidence], CancellationToken.None);

        Assert.That(report.Outcome, Is.EqualTo(OffloadOutcome.Completed), report.Reason);
        Assert.That(report.Recordings.Select(result => result.RecordingId), Is.EqualTo(new[] { evidence.RecordingId, plain.RecordingId }), "evidence first, though newer");
        Assert.That(report.Recordings.Select(result => result.Outcome), Is.All.EqualTo(RecordingOffloadOutcome.Confirmed));
        Assert.That(report.Profile!.Categories.Select(category => category.Name), Does.Contain("Arrest"), "read from System/Categories.json");

        var result = report.Recordings.Single(item => item.RecordingId == plain.RecordingId);
        var container = result.Container!;
        Assert.That(container, Is.EqualTo($"{recordings.Officer}_{recordings.Serial}_{trigger.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"));
        foreach (var file in plain.Files)
        {
            var stored = result.Confirmation!.Objects.Single(item => item.LocalPath == file.Path);
            var body = await store.Admin.GetAsync(container, stored.Name);
            Assert.That(Convert.ToHexStringLower(MD5.HashData(body!)), Is.EqualTo(Convert.ToHexStringLower(MD5.HashData(await File.ReadAllBytesAsync(file.Path)))), stored.Name);
        }

        Assert.That(result.ConfirmedLocalFiles, Is.EquivalentTo(plain.Files.Select(file => file.Path)), "every clip and manifest, nothing else");

        var metadata = await store.Admin.HeadAsync(container);
        Assert.That(Decoded(metadata!, "X-Container-Meta-Status"), Is.EqualTo("Complete"));
        Assert.That(Decoded(metadata!, "X-Container-Meta-Userid"), Is.EqualTo(recordings.Officer));
        Assert.That(Decoded(metadata!, "X-Container-Meta-Bwcserialnumber"), Is.EqualTo(recordings.Serial));
        Assert.That(Decoded(metadata!, "X-Container-Meta-Triggeron"), Is.EqualTo("RecordButton"));
        Assert.That(Decoded(metadata!, "X-Container-Meta-Triggeroff"), Is.EqualTo("HoldToStop"));
        Assert.That(Decoded(metadata!, "X-Container-Meta-Triggerontime"), Is.EqualTo(trigger.ToUnixTimeSeconds().ToString()));
        Assert.That(Decoded(metadata!, "X-Container-Meta-Starttimeiso"), Is.EqualTo(plain.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'")), "pre-roll included");
        Assert.That(Decoded(metadata!, "X-Container-Meta-Triggeronlocation"), Does.StartWith("+55.718400+13.221100+4.5+"));

        var objects = await store.Admin.ListAsync(container);
        Assert.That(objects.Count(name => name.EndsWith(".mp4", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(objects.Count(name => name.Contains(".manifest.json", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(objects.Count(name => name.StartsWith("bookmark_", StringComparison.Ordinal)), Is.EqualTo(1), "the marker");
        var track = objects.Single(name => name.EndsWith("_gpstrail.json", StringComparison.Ordinal));
        using var trackJson = JsonDocument.Parse(await store.Admin.GetAsync(container, track));
        Assert.That(trackJson.RootElement.GetProperty("CoordinateEntries")[0].GetProperty("LocationWKT").GetString(), Is.EqualTo("POINT(13.2213 55.7186)"));

        var clip = await store.Admin.HeadAsync(container, objects.First(name => name.EndsWith("-01.mp4", StringComparison.Ordinal)));
        Assert.That(long.Parse(clip!["X-Delete-At"]), Is.EqualTo(trigger.AddDays(31).ToUnixTimeSeconds() + 1), "trigger-on + 31 days, rounded up to the second");
        Assert.That(clip["Content-Type"], Is.EqualTo("video/mp4"));

        var evidenceContainer = report.Recordings[0].Container!;
        foreach (var name in await store.Admin.ListAsync(evidenceContainer))
        {
            Assert.That((await store.Admin.HeadAsync(evidenceContainer, name))!.ContainsKey("X-Delete-At"), Is.False, $"evidence never expires: {name}");
        }

        var categoryBookmark = (await store.Admin.ListAsync(evidenceContainer)).Single(name => name.StartsWith("bookmark_", StringComparison.Ordinal)
            && (store.Admin.HeadAsync(evidenceContainer, name).Result!).ContainsKey("X-Object-Meta-Categoryname"));
        Assert.That(Decoded((await store.Admin.HeadAsync(evidenceContainer, categoryBookmark))!, "X-Object-Meta-Categoryname"), Is.EqualTo("Arrest"));

        Assert.That(Encoding.UTF8.GetString((await store.Admin.GetAsync("Devices", recordings.Serial))!), Is.EqualTo(SigningKey), "the device's public signing key");

        // Complete after every object of the container, and the HEAD checks after Complete.
        var log = proxy.Requests.Where(request => request.Path.Contains("/" + container, StringComparison.Ordinal)).ToList();
        var complete = log.FindIndex(request => request.Method == "POST");
        Assert.That(complete, Is.GreaterThan(0));
        Assert.That(log.Take(complete).Where(request => request.Method == "PUT").Count(), Is.EqualTo(objects.Count + 1), "the container and every object before Complete");
        Assert.That(log.Skip(complete + 1).Select(request => request.Method), Is.All.EqualTo("HEAD"));
        Assert.That(log.Skip(complete + 1).Count(), Is.EqualTo(objects.Count), "every object checked");
    }

    [Test]
    public async Task ASecondDockSendsNothingAgainAndReportsTheSameConfirmation()
    {
        var store = DevelopmentStore.Store;
        await using var proxy = await StoreProxy.StartAsync(store.AuthUri);
        using var recordings = new TestRecordings();
        var recording = recordings.Make(DateTimeOffset.UtcNow.AddMinutes(-5), clips: 2);
        var session = new OffloadSession(Connections.Of(store, proxy.AuthUri), Connections.Options(recordings), TimeProvider.System);
        var first = await session.RunAsync([recording], CancellationToken.None);
        Assert.That(first.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed));
        var before = proxy.Requests.Count;

        var second = await session.RunAsync([recording], CancellationToken.None);

        Assert.That(second.Recordings[0].Outcome, Is.EqualTo(RecordingOffloadOutcome.Confirmed));
        Assert.That(second.Recordings[0].ObjectsSent, Is.Zero);
        Assert.That(second.Recordings[0].ConfirmedLocalFiles, Is.EquivalentTo(first.Recordings[0].ConfirmedLocalFiles));
        Assert.That(proxy.Requests.Skip(before).Where(request => request.Path.Contains(first.Recordings[0].Container!, StringComparison.Ordinal)), Is.Empty,
            "a confirmed recording is not even looked at again");
    }

    private static string Decoded(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? Uri.UnescapeDataString(value) : $"(no {name})";

    [Test]
    public async Task TwoRecordingsOfTheSameSecondGetContainersOfTheirOwn()
    {
        var store = DevelopmentStore.Store;
        using var recordings = new TestRecordings();
        var trigger = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 180);
        var first = recordings.Make(trigger);
        var second = recordings.Make(trigger.AddMilliseconds(400), counter: 2);

        var report = await new OffloadSession(Connections.Of(store), Connections.Options(recordings), TimeProvider.System).RunAsync([first, second], CancellationToken.None);

        Assert.That(report.Recordings.Select(result => result.Outcome), Is.All.EqualTo(RecordingOffloadOutcome.Confirmed));
        Assert.That(report.Recordings[1].Container, Is.EqualTo(report.Recordings[0].Container + "_0002"));
        Assert.That(await store.Admin.ListAsync(report.Recordings[0].Container), Has.All.Contains("_0001-").Or.StartsWith("bookmark_"));
        Assert.That(await store.Admin.ListAsync(report.Recordings[1].Container), Has.All.Contains("_0002-").Or.StartsWith("bookmark_"));
    }
}
