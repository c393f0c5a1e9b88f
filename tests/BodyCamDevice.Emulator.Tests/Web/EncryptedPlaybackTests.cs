// The emulator with --encrypt, on virtual time: the clip on storage is ciphertext (no MP4 box to
// be seen), the page's playback endpoint serves the plaintext the manifest hashes, the openssl
// command line decrypts the same bytes with the development key alone, and ffprobe plays them.
// An emulator that holds no key refuses to play an encrypted clip with a reason.
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Emulator.Evidence;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Emulator.Scenarios;
using BodyCamDevice.Emulator.Tests.ControlApi;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.VirtualTime;
using static BodyCamDevice.Emulator.Tests.ToolOutput;

namespace BodyCamDevice.Emulator.Tests.Web;

public class EncryptedPlaybackTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task AnEncryptedClipPlaysDecryptedAndOpensslDecryptsTheSameBytes()
    {
        RequiredTools.RequireFfmpeg();
        var time = new SteppingTimeProvider(ScenarioCommand.VirtualEpoch);
        await using var emulator = await EmulatorServer.StartAsync(time, webUi: false, encrypt: true);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(3));
        emulator.Device.Device.Controller.RequestStart(TriggerSource.ControlApi);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(4));
        emulator.Device.Device.Controller.RequestStop(StopReason.ControlApi);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(2));

        var recording = (await emulator.Http.GetJsonAsync<RecordingView[]>("api/recordings")).Single();
        var manifest = recording.Manifest!;
        Assert.That(manifest.Encryption?.PublicKeyId, Is.EqualTo(DevelopmentDestination.KeyId));

        byte[] stored = await emulator.Http.GetByteArrayAsync($"api/recordings/{recording.Name}");
        Assert.That(System.Text.Encoding.ASCII.GetString(stored, 4, 4), Is.Not.EqualTo("ftyp"), "what is stored is ciphertext");

        byte[] played = await emulator.Http.GetByteArrayAsync($"api/recordings/{recording.Name}/playback");
        Assert.That(System.Text.Encoding.ASCII.GetString(played, 4, 4), Is.EqualTo("ftyp"));
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(played)), Is.EqualTo(manifest.File.PlaintextHash), "the plaintext the manifest hashes");

        string clip = Path.Combine(emulator.RecordingsPath, recording.Name);
        string keyFile = Path.Combine(emulator.RecordingsPath, EmulatedDevice.StateFolderName, DevelopmentDestination.FileName);
        string decrypted = Path.Combine(emulator.RecordingsPath, "openssl-plain.mp4");
        OpensslDecrypt(keyFile, Path.ChangeExtension(clip, ".key"), clip, decrypted);
        Assert.That(await File.ReadAllBytesAsync(decrypted), Is.EqualTo(played), "openssl with the development key alone decrypts the same bytes");

        string probe = Run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", decrypted);
        Assert.That(probe, Does.Contain("h264"));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task AnEmulatorWithoutTheKeyRefusesToPlayAnEncryptedClipAndSaysWhy()
    {
        var time = new SteppingTimeProvider(ScenarioCommand.VirtualEpoch);
        await using var emulator = await EmulatorServer.StartAsync(time, webUi: false);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(2));
        emulator.Device.Device.Controller.RequestStart(TriggerSource.ControlApi);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(3));
        emulator.Device.Device.Controller.RequestStop(StopReason.ControlApi);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(2));
        var recording = (await emulator.Http.GetJsonAsync<RecordingView[]>("api/recordings")).Single();

        // In clear, playback is the clip itself.
        Assert.That(await emulator.Http.GetByteArrayAsync($"api/recordings/{recording.Name}/playback"), Is.EqualTo(await emulator.Http.GetByteArrayAsync($"api/recordings/{recording.Name}")));

        // A key object beside it that this emulator cannot use.
        await File.WriteAllTextAsync(Path.Combine(emulator.RecordingsPath, Path.ChangeExtension(recording.Name, ".key")), """{"EncryptedKey":"AA==","ContentEncryptionIV":"AA==","PublicKeyId":"force-store"}""");
        using var refused = await emulator.Http.GetAsync($"api/recordings/{recording.Name}/playback");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("error").GetString(), Does.Contain("--encrypt"));
    }

    // The commands docs/evidence-format.md gives, with the key object's values read as they say.
    private static void OpensslDecrypt(string privateKey, string keyObject, string clip, string output)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(keyObject));
        string wrapped = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(wrapped, Convert.FromBase64String(document.RootElement.GetProperty("EncryptedKey").GetString()!));
            string unwrapped = wrapped + ".key";
            Run("openssl", "pkeyutl", "-decrypt", "-inkey", privateKey, "-pkeyopt", "rsa_padding_mode:oaep", "-in", wrapped, "-out", unwrapped);
            string key = Convert.ToHexStringLower(File.ReadAllBytes(unwrapped));
            File.Delete(unwrapped);
            string iv = Convert.ToHexStringLower(Convert.FromBase64String(document.RootElement.GetProperty("ContentEncryptionIV").GetString()!));
            Run("openssl", "enc", "-d", "-aes-256-cbc", "-K", key, "-iv", iv, "-in", clip, "-out", output);
        }
        finally
        {
            File.Delete(wrapped);
        }
    }
}
