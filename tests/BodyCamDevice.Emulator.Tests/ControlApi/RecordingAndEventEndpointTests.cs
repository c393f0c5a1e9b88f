// Recordings (list, clip download with ranges, manifest) and the event stream, on real time with
// the virtual camera: the clip and manifest are the capture pipeline's.
using System.Net;
using System.Net.Http.Headers;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class RecordingAndEventEndpointTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task ARecordingCanBeListedDownloadedInRangesAndItsManifestRead()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await emulator.Http.OkAsync(HttpMethod.Post, "api/recording/start");
        await Task.Delay(1200);
        await emulator.Http.OkAsync(HttpMethod.Post, "api/recording/marker");
        await emulator.Http.OkAsync(HttpMethod.Post, "api/recording/stop");

        RecordingView[] list = [];
        for (var i = 0; i < 150 && list.Length == 0; i++)
        {
            await Task.Delay(100);
            list = await emulator.Http.GetJsonAsync<RecordingView[]>("api/recordings");
        }

        Assert.That(list, Has.Length.EqualTo(1), "the clip appears");
        var recording = list[0];
        Assert.That(recording.ManifestName, Is.EqualTo(Path.ChangeExtension(recording.Name, ".json")));
        Assert.That(recording.Manifest!.Markers, Has.Count.EqualTo(1));
        Assert.That(recording.Manifest.File.Name, Is.EqualTo(recording.Name));

        var clip = await emulator.Http.GetByteArrayAsync($"api/recordings/{recording.Name}");
        Assert.That(System.Text.Encoding.ASCII.GetString(clip, 4, 4), Is.EqualTo("ftyp"), "an MP4 file");

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"api/recordings/{recording.Name}");
        ranged.Headers.Range = new RangeHeaderValue(0, 99);
        using var partial = await emulator.Http.SendAsync(ranged);
        Assert.That((partial.StatusCode, partial.Content.Headers.ContentLength, partial.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.PartialContent, (long?)100, "video/mp4")));

        // The manifest file as stored: the evidence, a JWS whose payload is the manifest.
        var manifestFile = await emulator.Http.GetByteArrayAsync($"api/recordings/{recording.Name}/manifest");
        Assert.That(System.Text.Encoding.UTF8.GetString(manifestFile), Does.Contain("\"protected\"").And.Contain("\"signature\""));
        var manifest = System.Text.Encoding.UTF8.GetString(Firmware.Capture.Recording.ManifestJson.PayloadOf(manifestFile));
        Assert.That(manifest, Does.Contain($"\"recordingId\": \"{recording.Manifest.RecordingId}\"").And.Contain("\"recordingId\": \"BC-000000_"));

        // The camera's own identity signed it: the key GET /api/identity gives.
        var identity = await emulator.Http.GetJsonAsync<IdentityView>("api/identity");
        Assert.That(identity.PublicKeyPem, Does.StartWith("-----BEGIN PUBLIC KEY-----"));
        Assert.That(recording.Manifest.Device.KeyFingerprint, Is.EqualTo(identity.Fingerprint));
        Assert.That(identity.Serial, Is.EqualTo("BC-000000"));

        using var escape = await emulator.Http.GetAsync("api/recordings/..%2F..%2Fetc%2Fpasswd");
        Assert.That(escape.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "names never leave the directory");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task TheEventStreamOpensWithASnapshotAndPushesStatusChanges()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        using var stream = await emulator.Http.GetStreamAsync("api/events");
        using var reader = new StreamReader(stream);
        Assert.That(await NextEventAsync(reader), Is.EqualTo("snapshot"));

        await emulator.Http.OkAsync(HttpMethod.Put, "api/battery", new BatteryRequest(5));
        string? name;
        do
        {
            name = await NextEventAsync(reader);
        }
        while (name is not null and not "status");

        Assert.That(name, Is.EqualTo("status"));
    }

    private static async Task<string?> NextEventAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                return line["event: ".Length..];
            }
        }

        return null;
    }
}
