// The manifest chain's numbers across restarts and power cuts: each seal takes the next number
// and the hash of the manifest before it; a power cut between the chain state and the manifest
// gives the number back to the clip that lost its manifest; a lost state is rebuilt from the
// manifests on storage; a manifest that cannot be written gives its number back at once.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;
using BodyCamDevice.Firmware.Evidence.Manifests;

namespace BodyCamDevice.Firmware.Tests.Evidence.Manifests;

public class ManifestChainTests
{
    private string _state = null!;
    private string _recordings = null!;
    private FileDeviceSigningKey _key = null!;

    [SetUp]
    public void CreateDirectories()
    {
        _state = Directory.CreateTempSubdirectory("bodycam-chain-").FullName;
        _recordings = Directory.CreateDirectory(Path.Combine(_state, "recordings")).FullName;
        _key = FileDeviceSigningKey.Create(FileDeviceSigningKey.PathIn(_state));
    }

    [TearDown]
    public void RemoveDirectories()
    {
        _key.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Test]
    public void Numbers_continue_across_restarts_and_each_manifest_names_the_one_before()
    {
        SealedManifest first = Sealer().Seal(ManifestPath("A", 1), Manifest("A", 1));
        SealedManifest second = Sealer().Seal(ManifestPath("A", 2), Manifest("A", 2));
        SealedManifest third = Sealer().Seal(ManifestPath("B", 1), Manifest("B", 1));

        Assert.That(new[] { first.Manifest.Sequence, second.Manifest.Sequence, third.Manifest.Sequence }, Is.EqualTo(new long?[] { 1, 2, 3 }));
        Assert.That(first.Manifest.PreviousManifestSha256, Is.Null);
        Assert.That(second.Manifest.PreviousManifestSha256, Is.EqualTo(Sha256(first.Path)));
        Assert.That(third.Manifest.PreviousManifestSha256, Is.EqualTo(Sha256(second.Path)));
        Assert.That(third.Sha256, Is.EqualTo(Sha256(third.Path)));
        Assert.That(ManifestJson.Parse(File.ReadAllBytes(third.Path)).Device.KeyFingerprint, Is.EqualTo(_key.Fingerprint));
    }

    [Test]
    public void A_sealed_manifest_is_a_flattened_jws_whose_payload_is_the_manifest()
    {
        SealedManifest sealedManifest = Sealer().Seal(ManifestPath("A", 1), Manifest("A", 1));

        JwsParts jws = Es256Jws.ReadFlattened(File.ReadAllBytes(sealedManifest.Path));
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(_key.PublicKeyPem);
        Assert.That(jws.Algorithm, Is.EqualTo("ES256"));
        Assert.That(jws.Type, Is.EqualTo(ManifestSealer.JwsType));
        Assert.That(jws.KeyId, Is.EqualTo(_key.Fingerprint));
        Assert.That(jws.Signature, Has.Length.EqualTo(64), "raw r‖s, not DER");
        Assert.That(Es256Jws.Verify(jws, publicKey), Is.True);
        Assert.That(ManifestJson.Parse(jws.Payload).Sequence, Is.EqualTo(1));
    }

    [Test]
    public void A_power_cut_between_the_state_and_the_manifest_gives_the_number_back_to_that_clip()
    {
        Sealer().Seal(ManifestPath("A", 1), Manifest("A", 1));
        File.WriteAllText(Path.Combine(_recordings, "A_clip02.mp4"), "cut");

        // The state for number 2 reached storage, its manifest did not.
        ManifestSealer sealer = Sealer();
        Assert.Throws<DirectoryNotFoundException>(() => sealer.Seal(Path.Combine(_recordings, "no-such-folder", "A_clip02.json"), Manifest("A", 2)));
        Assert.That(ManifestChain.ReadLastSequence(ManifestChain.PathIn(_state)), Is.EqualTo(1), "a failed write gives its number back at once");
        Assert.That(sealer.Chain.LastManifestSha256, Is.EqualTo(Sha256(ManifestPath("A", 1))));
        WriteStateAsIfCutOff(2, "A_clip02.json", "A_clip02.mp4");

        ManifestChain reopened = ManifestChain.Open(ManifestChain.PathIn(_state), _recordings);

        Assert.That(reopened.LastSequence, Is.EqualTo(1));
        Assert.That(reopened.Reconciliation, Does.Contain("manifest 2 (A_clip02.json) was never written"));
        SealedManifest again = new ManifestSealer(_key, reopened).Seal(ManifestPath("A", 2), Manifest("A", 2));
        Assert.That(again.Manifest.Sequence, Is.EqualTo(2));
        Assert.That(again.Manifest.PreviousManifestSha256, Is.EqualTo(Sha256(ManifestPath("A", 1))));
    }

    [Test]
    public void A_head_whose_clip_and_manifest_have_both_left_the_device_is_kept()
    {
        Sealer().Seal(ManifestPath("A", 1), Manifest("A", 1));
        File.Delete(ManifestPath("A", 1));

        Assert.That(ManifestChain.Open(ManifestChain.PathIn(_state), _recordings).LastSequence, Is.EqualTo(1));
    }

    [Test]
    public void Without_a_state_the_chain_continues_after_the_highest_manifest_on_storage()
    {
        Sealer().Seal(ManifestPath("A", 1), Manifest("A", 1));
        SealedManifest second = Sealer().Seal(ManifestPath("A", 2), Manifest("A", 2));
        File.Delete(ManifestChain.PathIn(_state));

        ManifestChain rebuilt = ManifestChain.Open(ManifestChain.PathIn(_state), _recordings);

        Assert.That(rebuilt.LastSequence, Is.EqualTo(2));
        Assert.That(rebuilt.LastManifestSha256, Is.EqualTo(second.Sha256));
        Assert.That(rebuilt.Reconciliation, Does.Contain("continuing after manifest 2"));
    }

    [Test]
    public void An_unreadable_state_is_never_guessed()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ManifestChain.PathIn(_state))!);
        File.WriteAllText(ManifestChain.PathIn(_state), "{\"sequence\":");

        Assert.That(Assert.Throws<InvalidDataException>(() => ManifestChain.Open(ManifestChain.PathIn(_state), _recordings))!.Message,
            Does.Contain("is unreadable").And.Contain("never guessed"));
    }

    private ManifestSealer Sealer() => new(_key, ManifestChain.Open(ManifestChain.PathIn(_state), _recordings));

    private string ManifestPath(string recording, int clip) => Path.Combine(_recordings, $"{recording}_clip{clip:D2}.json");

    private void WriteStateAsIfCutOff(long sequence, string manifest, string clip)
    {
        long previous = sequence - 1;
        string previousSha = Sha256(Path.Combine(_recordings, $"A_clip{previous:D2}.json"));
        string state = FormattableString.Invariant(
            $"{{\"sequence\":{sequence},\"manifestSha256\":\"{new string('a', 64)}\",\"manifest\":\"{manifest}\",\"clip\":\"{clip}\",\"previous\":{{\"sequence\":{previous},\"manifestSha256\":\"{previousSha}\"}}}}");
        File.WriteAllText(ManifestChain.PathIn(_state), state);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    internal static ClipManifest Manifest(string recording, int clip) => new()
    {
        RecordingId = recording,
        ClipIndex = clip,
        FinalClip = true,
        EndReason = "Stopped",
        File = new ManifestFile($"{recording}_clip{clip:D2}.mp4", 10, Sha256Stage.AlgorithmName, new string('0', 64), "MP4"),
        Device = new ManifestDevice("BC-1", "test"),
        OfficerId = "PC-1",
        TriggerOn = ManifestJson.Event("RecordButton", DateTimeOffset.UnixEpoch),
        Clip = new ManifestSpan("", 0, "", 0, 0),
        PreRollSeconds = 0,
        PreRollAudio = false,
        Frames = new ManifestFrames(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, []),
        Markers = [],
        Gaps = [],
        Muxer = new ManifestMuxer("bodycam", []),
        ManifestWrittenUtc = "",
    };
}
