// On a device that encrypts, where the camera was never lies on the card in clear: the manifest
// holds no location, the clip's locations go into an encrypted file beside it (the BWI GNSS track
// body plus the manifest's own records), which the openssl command line decrypts with the store's
// private key alone to exactly what the manifest hashes; the verifier checks the file and its key
// object, and names a changed one.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Verification;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Tests.Capture.Pipeline;

namespace BodyCamDevice.Firmware.Tests.Evidence.Encryption;

public class EncryptedTrackTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-track-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task The_locations_of_an_encrypted_clip_are_encrypted_beside_it_and_decrypt_with_openssl()
    {
        string recordings = Directory.CreateDirectory(Path.Combine(_directory, "recordings")).FullName;
        string state = Directory.CreateDirectory(Path.Combine(_directory, "state")).FullName;
        (string storePrivate, string storePublic) = IndependentTools.RsaKeyPair(_directory);
        await using (var device = PipelineDevice.Create(recordings, TimeSpan.FromSeconds(1), options =>
        {
            options.Gnss.Enabled = true;
            options.Gnss.TrackInterval = TimeSpan.FromSeconds(1);
            options.Encryption.Enabled = true;
            options.Encryption.PublicKey = File.ReadAllText(storePublic);
            options.Encryption.PublicKeyId = "store-1";
        }, state))
        {
            await device.StartAsync(TimeSpan.FromSeconds(1.2));
            using var gnss = new VirtualGnssReceiver(device.Time, device.Assembly.Optional.Gnss!.Feed);
            gnss.SetPosition(new VirtualPosition(48.1173, 11.5166667, AltitudeMeters: 545.4, Satellites: 8));
            gnss.Start();
            await device.AdvanceAsync(TimeSpan.FromSeconds(1));
            device.Controller.RequestStart(TriggerSource.ControlApi);
            await device.AdvanceAsync(TimeSpan.FromSeconds(3.5));
            device.Controller.RequestStop(StopReason.ControlApi);
            await device.AdvanceUntilAsync(() => device.State == DeviceState.Buffering, TimeSpan.FromSeconds(2), "buffering again");
        }

        string manifestPath = Directory.GetFiles(recordings, "*_clip01.json").Single();
        byte[] manifestFile = await File.ReadAllBytesAsync(manifestPath);
        ClipManifest manifest = ManifestJson.Parse(manifestFile);
        string payload = System.Text.Encoding.UTF8.GetString(ManifestJson.PayloadOf(manifestFile));
        Assert.That((manifest.LocationAtTriggerOn, manifest.LocationAtTriggerOff, manifest.Track), Is.EqualTo(((ManifestLocation?)null, (ManifestLocation?)null, (ManifestTrack?)null)));
        Assert.That(payload, Does.Not.Contain("48.1173").And.Not.Contain("11.516"), "no position in the manifest in clear");
        ManifestEncryptedTrack track = manifest.EncryptedTrack!;
        Assert.That(track.Name, Is.EqualTo(manifest.RecordingId + "_clip01_gpstrail.json"));

        string trackFile = Path.Combine(recordings, track.Name);
        Assert.That(await File.ReadAllTextAsync(trackFile), Does.Not.Contain("POINT"), "stored as ciphertext");
        string plain = Path.Combine(_directory, "track.json");
        IndependentTools.Decrypt(storePrivate, Path.Combine(recordings, track.KeyObject), trackFile, plain);
        byte[] plaintext = await File.ReadAllBytesAsync(plain);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(plaintext)), Is.EqualTo(track.PlaintextSha256));

        using var body = JsonDocument.Parse(plaintext);
        var entries = body.RootElement.GetProperty("CoordinateEntries").EnumerateArray().ToArray();
        Assert.That(entries, Has.Length.InRange(3, 5), "one a second for about 3.5 s");
        Assert.That(entries[0].GetProperty("LocationWKT").GetString(), Is.EqualTo("POINT(11.5166667 48.1173)"));
        Assert.That(entries[0].GetProperty("SecondsFromStart").GetDouble(), Is.InRange(0.0, 5.0));
        var own = body.RootElement.GetProperty("bodycam");
        Assert.That(own.GetProperty("locationAtTriggerOn").GetProperty("latitude").GetDouble(), Is.EqualTo(48.1173).Within(2e-7));
        Assert.That(own.GetProperty("track").GetProperty("points").GetArrayLength(), Is.EqualTo(entries.Length));

        string publicKey = await File.ReadAllTextAsync(FileDeviceSigningKey.PublicPathIn(state));
        VerificationReport intact = new EvidenceVerifier(publicKey).Verify(recordings);
        Assert.That(intact.Clips.Single().Checks.Single(check => check.Name == "locations").Status, Is.EqualTo(CheckStatus.Ok));

        byte[] changed = await File.ReadAllBytesAsync(trackFile);
        changed[5] ^= 0x01;
        await File.WriteAllBytesAsync(trackFile, changed);
        VerificationReport tampered = new EvidenceVerifier(publicKey).Verify(recordings);
        var check = tampered.Clips.Single().Checks.Single(check => check.Name == "locations");
        Assert.That(check.Status, Is.EqualTo(CheckStatus.Failed));
        Assert.That(check.Detail, Does.Contain(track.Name).And.Contain("not the one sealed"));
    }
}
