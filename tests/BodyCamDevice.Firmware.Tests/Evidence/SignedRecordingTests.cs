// A real recording (ffmpeg's H.264 and AAC through the device's muxer) written as evidence: two
// clips, encrypted to an evidence store's key, their manifests signed and chained. Checked the
// way a third party would: Node's crypto verifies each manifest's JWS with the device's public
// key alone; the openssl command line decrypts each clip with the store's private key; the
// plaintext's SHA-256 is the manifest's; ffprobe plays it and finds every frame the manifest
// counts; the verifier passes the folder.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Encryption;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Recovery;
using BodyCamDevice.Firmware.Evidence.Verification;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Evidence;

[Category("ffmpeg")]
[NonParallelizable]
public class SignedRecordingTests
{
    private string _state = null!;
    private string _recordings = null!;
    private string _storePrivateKey = null!;
    private FileDeviceSigningKey _deviceKey = null!;
    private RecordingResult _result = null!;

    [OneTimeSetUp]
    public async Task RecordTwoEncryptedClips()
    {
        _state = Directory.CreateTempSubdirectory("bodycam-signed-").FullName;
        _recordings = Directory.CreateDirectory(Path.Combine(_state, "recordings")).FullName;
        (_storePrivateKey, string storePublicKey) = IndependentTools.RsaKeyPair(_state);
        _deviceKey = FileDeviceSigningKey.Create(FileDeviceSigningKey.PathIn(_state));
        using var destination = DestinationKey.Parse(File.ReadAllText(storePublicKey), "store-key-1");
        EncodedStream stream = MediaTools.Encode(8);
        var run = new RecordingRun
        {
            Stream = stream,
            Directory = _recordings,
            TriggerUnit = RecordingRun.UnitAt(stream, 3),
            ClipLength = TimeSpan.FromSeconds(2),
            Services = new RecordingServices
            {
                Evidence = new ClipEvidence
                {
                    Sealer = new ManifestSealer(_deviceKey, ManifestChain.Open(ManifestChain.PathIn(_state), _recordings)),
                    Encryption = destination,
                    Journal = new OpenClipJournal(OpenClipJournal.PathIn(_state)),
                },
            },
        };
        _result = await run.RecordAsync();
    }

    [OneTimeTearDown]
    public void RemoveFiles()
    {
        _deviceKey.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Test]
    public void Node_verifies_every_manifest_with_the_device_public_key_and_reads_the_chain()
    {
        Assert.That(_result.Clips, Has.Count.GreaterThanOrEqualTo(2));
        string? previousSha = null;
        long expected = 1;
        foreach (ClipManifest clip in _result.Clips)
        {
            string path = Path.Combine(_recordings, RecordingNames.ManifestFileName(clip.RecordingId, clip.ClipIndex));
            ClipManifest fromNode = ManifestJson.Parse(IndependentTools.NodeVerify(FileDeviceSigningKey.PublicPathIn(_state), path));

            Assert.That(fromNode.Sequence, Is.EqualTo(expected++));
            Assert.That(fromNode.PreviousManifestSha256, Is.EqualTo(previousSha));
            Assert.That(fromNode.Device.KeyFingerprint, Is.EqualTo(_deviceKey.Fingerprint));
            previousSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        }
    }

    [Test]
    public void Each_clip_decrypts_with_openssl_to_its_plaintext_hash_and_plays_every_frame()
    {
        foreach (ClipManifest clip in _result.Clips)
        {
            string stored = Path.Combine(_recordings, clip.File.Name);
            Assert.That(MediaTools.Sha256Sum(stored), Is.EqualTo(clip.File.Hash), "the hash is that of the ciphertext on storage");
            Assert.That(clip.Encryption!.KeyObject, Is.EqualTo(RecordingNames.KeyObjectFileName(clip.RecordingId, clip.ClipIndex)));
            Assert.That(clip.Encryption.PublicKeyId, Is.EqualTo("store-key-1"));

            string plain = Path.Combine(_state, clip.File.Name + ".plain.mp4");
            IndependentTools.Decrypt(_storePrivateKey, Path.Combine(_recordings, clip.Encryption.KeyObject), stored, plain);

            Assert.That(MediaTools.Sha256Sum(plain), Is.EqualTo(clip.File.PlaintextHash));
            Assert.That(new FileInfo(plain).Length, Is.EqualTo(clip.File.PlaintextSizeBytes));
            ProbedClip probe = MediaTools.Probe(plain);
            Assert.That(probe.Of("video"), Has.Count.EqualTo(clip.Frames.VideoFrames));
            Assert.That(probe.Stream("audio")?.Codec, Is.EqualTo(clip.Audio?.Codec));
            Assert.That(probe.Of("video")[0].Keyframe, Is.True);
        }
    }

    [Test]
    public void The_stored_clip_is_not_an_mp4_anyone_can_play()
    {
        byte[] head = File.ReadAllBytes(Path.Combine(_recordings, _result.Clips[0].File.Name))[..64];

        Assert.That(System.Text.Encoding.ASCII.GetString(head), Does.Not.Contain("ftyp"));
    }

    [Test]
    public void The_verifier_passes_the_folder()
    {
        VerificationReport report = new EvidenceVerifier(_deviceKey.PublicKeyPem).Verify(_recordings);

        Assert.That(report.Passed, Is.True, string.Join("\n", report.Failures));
        Assert.That(report.Clips.Select(clip => clip.Find("encryption")!.Status), Is.All.EqualTo(CheckStatus.Ok));
        Assert.That(report.Clips.Select(clip => clip.Sequence), Is.EqualTo(_result.Clips.Select(clip => clip.Sequence)));
    }

    [Test]
    public void The_journal_describes_the_last_clip_as_of_its_last_synced_fragment()
    {
        ClipManifest last = _result.Clips[^1];
        ClipManifest? journal = new OpenClipJournal(OpenClipJournal.PathIn(_state)).Read(last.File.Name);

        Assert.That(journal, Is.Not.Null);
        Assert.That(journal!.EndReason, Is.EqualTo("Interrupted"));
        Assert.That(journal.File.SizeBytes, Is.GreaterThan(0).And.LessThanOrEqualTo(last.File.SizeBytes));
        Assert.That(journal.Frames.VideoFrames, Is.GreaterThan(0).And.LessThanOrEqualTo(last.Frames.VideoFrames));
        Assert.That(journal.RecordingId, Is.EqualTo(last.RecordingId));
    }
}
