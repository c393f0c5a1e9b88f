// Playing back what was uploaded, against a real single-node Swift on 127.0.0.1: an emulated camera
// encrypting to its development key records, docks and offloads until the store confirms and the
// camera has deleted its clips; the store endpoint then reads each clip and its key object back
// from the store and serves the plaintext the uploaded manifest hashes, which ffprobe finds H.264
// in. A clip stored in clear is served as it is; one encrypted to another key, or to a key the
// emulator does not hold, is refused with the reason; a store that cannot be reached is a 503.
// Debian's Chromium plays a stored clip from the store panel's play button.
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BodyCamDevice.Emulator.Evidence;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core;
using Microsoft.Playwright;
using static BodyCamDevice.Emulator.Tests.ToolOutput;

namespace BodyCamDevice.Emulator.Tests.Web;

[NonParallelizable]
public class StorePlaybackTests : StoreBackedTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task AnEncryptedRecordingPlaysBackFromTheStoreAfterTheCameraDeletedIt()
    {
        RequiredTools.RequireFfmpeg();
        var options = Officer();
        await using var emulator = await EmulatorServer.StartAsync(options: options, webUi: false, encrypt: true, connectionPath: Store.ConnectionFile);
        await RecordAndOffloadAsync(emulator);

        var recording = await StoredRecordingAsync(emulator, options);
        var clips = recording["clips"]!.AsArray();
        Assert.That(clips, Is.Not.Empty);
        string container = recording["container"]!.GetValue<string>();
        foreach (var clip in clips)
        {
            string name = clip!["name"]!.GetValue<string>();
            Assert.That(clip["encrypted"]!.GetValue<bool>(), Is.True, name);
            byte[] stored = (await Store.Admin.GetAsync(container, name))!;
            Assert.That(Encoding.ASCII.GetString(stored, 4, 4), Is.Not.EqualTo("ftyp"), "the store holds ciphertext");
            var manifest = ManifestJson.Parse((await Store.Admin.GetAsync(container, name[..^".mp4".Length] + ".manifest.json"))!);
            Assert.That(manifest.Encryption?.PublicKeyId, Is.EqualTo(DevelopmentDestination.KeyId));

            byte[] played = await emulator.Http.GetByteArrayAsync(PlaybackPath(container, name));

            Assert.That(Convert.ToHexStringLower(SHA256.HashData(played)), Is.EqualTo(manifest.File.PlaintextHash), $"{name}: the plaintext the uploaded manifest hashes");
            string file = Path.Combine(emulator.RecordingsPath, "played-" + name);
            await File.WriteAllBytesAsync(file, played);
            Assert.That(Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file).Trim(), Is.EqualTo("h264"), name);
        }

        // A second request is served again (from the emulator's copy) and honours ranges, as a player asks.
        string first = clips[0]!["name"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, PlaybackPath(container, first));
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(4, 7);
        using var ranged = await emulator.Http.SendAsync(request);
        Assert.That(ranged.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(Encoding.ASCII.GetString(await ranged.Content.ReadAsByteArrayAsync()), Is.EqualTo("ftyp"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task AClipInClearIsServedAsItIsAndOneThatCannotBeDecryptedIsRefusedWithTheReason()
    {
        var admin = Store.Admin;
        string container = "R" + Guid.NewGuid().ToString("N")[..8] + "_BC-000001_20260301T090000Z";
        (await admin.SendAsync(HttpMethod.Put, container)).EnsureSuccessStatusCode();
        byte[] clear = RandomNumberGenerator.GetBytes(40_000);
        await admin.PutAsync(container, "20260301_085955_0001-01.mp4", clear, "video/mp4");
        await admin.PutAsync(container, "20260301_085955_0002-01.mp4", RandomNumberGenerator.GetBytes(4096), "video/mp4");
        await admin.PutAsync(container, "20260301_085955_0002-01.key", Encoding.UTF8.GetBytes("""{"EncryptedKey":"AA==","ContentEncryptionIV":"AAAAAAAAAAAAAAAAAAAAAA==","PublicKeyId":"force-store"}"""));
        await admin.PutAsync(container, "20260301_085955_0003-01.mp4", RandomNumberGenerator.GetBytes(4096), "video/mp4");
        string wrapped = Convert.ToBase64String(RandomNumberGenerator.GetBytes(256));
        await admin.PutAsync(container, "20260301_085955_0003-01.key", Encoding.UTF8.GetBytes($$"""{"EncryptedKey":"{{wrapped}}","ContentEncryptionIV":"AAAAAAAAAAAAAAAAAAAAAA==","PublicKeyId":"{{DevelopmentDestination.KeyId}}"}"""));

        await using (var emulator = await EmulatorServer.StartAsync(webUi: false, encrypt: true, connectionPath: Store.ConnectionFile))
        {
            Assert.That(await emulator.Http.GetByteArrayAsync(PlaybackPath(container, "20260301_085955_0001-01.mp4")), Is.EqualTo(clear), "in clear: as stored");

            var otherKey = await RefusalAsync(emulator, container, "20260301_085955_0002-01.mp4", HttpStatusCode.Conflict);
            Assert.That(otherKey, Does.Contain("force-store"), "names the key it is encrypted to");

            var notOurs = await RefusalAsync(emulator, container, "20260301_085955_0003-01.mp4", HttpStatusCode.Conflict);
            Assert.That(notOurs, Does.Contain("does not unwrap with the development key"), "another emulator's development key");

            Assert.That(await RefusalAsync(emulator, container, "20260301_085955_0009-01.mp4", HttpStatusCode.NotFound), Does.Contain("no clip"));
            Assert.That(await RefusalAsync(emulator, container, "20260301_085955_0002-01.key", HttpStatusCode.NotFound), Does.Contain("not a clip"));
        }

        await using (var keyless = await EmulatorServer.StartAsync(webUi: false, connectionPath: Store.ConnectionFile))
        {
            Assert.That(await RefusalAsync(keyless, container, "20260301_085955_0002-01.mp4", HttpStatusCode.Conflict), Does.Contain("--encrypt"));
        }

        // The same store's connection file, its authentication URI on a port nothing listens on.
        string unreachable = Path.Combine(Path.GetTempPath(), $"bodycam-unreachable-{Guid.NewGuid():N}.json");
        var connection = JsonNode.Parse(await File.ReadAllTextAsync(Store.ConnectionFile))!;
        connection["AuthenticationTokenURI"] = new JsonArray($"http://127.0.0.1:{ClosedPort()}/auth/v1.0");
        await File.WriteAllTextAsync(unreachable, connection.ToJsonString());
        try
        {
            await using var cut = await EmulatorServer.StartAsync(webUi: false, encrypt: true, connectionPath: unreachable);
            Assert.That(await RefusalAsync(cut, container, "20260301_085955_0001-01.mp4", HttpStatusCode.ServiceUnavailable), Does.Contain("cannot be reached"));
        }
        finally
        {
            File.Delete(unreachable);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task TheStorePanelsPlayButtonPlaysTheUploadedClipInTheBrowser()
    {
        RequiredTools.RequireChromium();
        var options = Officer();
        await using var emulator = await EmulatorServer.StartAsync(options: options, encrypt: true, connectionPath: Store.ConnectionFile);
        await RecordAndOffloadAsync(emulator);

        await using var chromium = await HeadlessChromium.OpenAsync(1000);
        var page = chromium.Page;
        await page.GotoAsync(emulator.Url.ToString());
        await page.Locator("#store-refresh").ClickAsync();
        var row = page.Locator($"#store-recordings tr.stored-recording[data-container^='{options.Identity.OfficerId}_']");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        Assert.That(await page.Locator("#store-player").IsHiddenAsync(), Is.True, "no player before a clip is chosen");

        await row.Locator("button.play").First.ClickAsync();

        await page.WaitForFunctionAsync("() => { const player = document.getElementById('store-player'); return player.readyState >= 2 && player.currentTime > 0.5; }", null, new() { Timeout = 30_000 });
        Assert.That(await page.Locator("#store-player").EvaluateAsync<int>("player => player.videoWidth"), Is.GreaterThan(0), "a picture decoded");
        Assert.That(await page.Locator("#store-playing").TextContentAsync(), Does.Contain("decrypted with the development key"));
    }

    private static Firmware.Configuration.DeviceOptions Officer()
    {
        var options = new Firmware.Configuration.DeviceOptions();
        options.Identity.OfficerId = "P" + Guid.NewGuid().ToString("N")[..8];
        return options;
    }

    // A recording of a few seconds, then the dock until the store confirmed it and the camera deleted its clips.
    private static async Task RecordAndOffloadAsync(EmulatorServer emulator)
    {
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
        (await emulator.Http.PostAsync("/api/recording/start", null)).EnsureSuccessStatusCode();
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Recording), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await emulator.Http.PostAsync("/api/recording/stop", null)).EnsureSuccessStatusCode();
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
        Assert.That(Directory.GetFiles(emulator.RecordingsPath, "*.mp4"), Is.Not.Empty);

        (await emulator.Http.PutAsJsonAsync("/api/dock", new { docked = true })).EnsureSuccessStatusCode();
        var status = await emulator.StatusWhenAsync(status => status.Offload?.Phase is "Done" or "Failing", TimeSpan.FromSeconds(90));
        Assert.That(status.Offload?.Phase, Is.EqualTo("Done"), status.Offload?.Reason);
        Assert.That(status.Offload!.RecordingsConfirmed, Is.EqualTo(1));
        Assert.That(Directory.GetFiles(emulator.RecordingsPath, "*.mp4"), Is.Empty, "the camera deleted its confirmed clips");
    }

    private static async Task<JsonNode> StoredRecordingAsync(EmulatorServer emulator, Firmware.Configuration.DeviceOptions options)
    {
        var recordings = JsonNode.Parse(await emulator.Http.GetStringAsync("/api/store/recordings"))!.AsArray();
        var recording = recordings.Single(item => item!["container"]!.GetValue<string>().StartsWith(options.Identity.OfficerId + "_", StringComparison.Ordinal))!;
        Assert.That(recording["status"]!.GetValue<string>(), Is.EqualTo("Complete"));
        return recording;
    }

    private static string PlaybackPath(string container, string clip) =>
        $"/api/store/recordings/{Uri.EscapeDataString(container)}/clips/{Uri.EscapeDataString(clip)}/playback";

    private static async Task<string> RefusalAsync(EmulatorServer emulator, string container, string clip, HttpStatusCode expected)
    {
        using var response = await emulator.Http.GetAsync(PlaybackPath(container, clip));
        string body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
