// A recording killed with SIGKILL mid-clip (the helper process and its whole group, as a power
// cut would), then the device's next start: the cut clip is found, checked and sealed with a
// signed manifest marked interrupted, numbered after the clip sealed before it and chained to
// it; nothing is truncated. Encrypted, it decrypts with the openssl command line (-nopad, no
// padding block yet) and plays up to the cut, losing at most the fragment being built; in clear
// its whole fragments are counted. The verifier passes the folder, reporting the cut.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Verification;
using BodyCamDevice.Firmware.Tests.Capture.Recording;

namespace BodyCamDevice.Firmware.Tests.Evidence.Recovery;

[Category("ffmpeg")]
[NonParallelizable]
public class TornClipRecoveryTests
{
    // As RecordingCrashTests: frames in the pipeline besides the fragment being built.
    private const int PipelineSlack = 3;

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-torn-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_clip_cut_by_a_kill_is_sealed_as_interrupted_at_the_next_start_in_its_place_in_the_chain(bool encrypted)
    {
        EncodedStream stream = MediaTools.Encode(12);
        string transportStream = Path.Combine(_directory, "camera.ts");
        await File.WriteAllBytesAsync(transportStream, [.. stream.Pat, .. stream.Pmt, .. stream.Units.SelectMany(unit => unit.Packets)]);
        string state = Directory.CreateDirectory(Path.Combine(_directory, "state")).FullName;
        string clips = Directory.CreateDirectory(Path.Combine(state, "recordings")).FullName;
        (string storePrivate, string storePublic) = IndependentTools.RsaKeyPair(_directory);

        var lines = new ConcurrentQueue<string>();
        using var arrived = new SemaphoreSlim(0);
        string[] evidence = encrypted ? [state, storePublic] : [state];
        using (Process helper = RecordingCrashTests.StartHelper(transportStream, clips, lines, arrived, evidence))
        {
            try
            {
                await RecordingCrashTests.WaitForAsync(lines, arrived, () => RecordingCrashTests.Durable(lines, clip: 2).Count >= 3);
                RecordingCrashTests.KillProcessGroup(helper.Id);
                await helper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                Assert.That(RecordingCrashTests.ProcessGroupIsGone(helper.Id), Is.True);
            }
            finally
            {
                if (!helper.HasExited)
                {
                    RecordingCrashTests.KillProcessGroup(helper.Id);
                }
            }
        }

        string clip1 = Directory.GetFiles(clips, "*_clip01.mp4").Single();
        string clip2 = Directory.GetFiles(clips, "*_clip02.mp4").Single();
        string clip1Manifest = Path.ChangeExtension(clip1, ".json");
        Assert.That(File.Exists(Path.ChangeExtension(clip2, ".json")), Is.False, "cut before it was sealed");
        long sizeBeforeRecovery = new FileInfo(clip2).Length;
        string digestBeforeRecovery = MediaTools.Sha256Sum(clip2);

        // The next start, as the device opens its evidence state.
        DeviceOptions options = Options(clips, encrypted ? File.ReadAllText(storePublic) : null);
        IReadOnlyList<SealedManifest> recovered;
        using (DeviceEvidence device = DeviceEvidence.Open(state, options, "0.1.0-next-start", TimeProvider.System))
        {
            recovered = device.RecoverTornClips();
        }

        ClipManifest manifest = recovered.Single().Manifest;
        ClipManifest sealedBefore = ManifestJson.Parse(File.ReadAllBytes(clip1Manifest));
        Assert.That(new FileInfo(clip2).Length, Is.EqualTo(sizeBeforeRecovery), "nothing truncated");
        Assert.That(manifest.File.Hash, Is.EqualTo(digestBeforeRecovery));
        Assert.That(manifest.EndReason, Is.EqualTo("Interrupted"));
        Assert.That(manifest.Interrupted!.BytesHeld, Is.EqualTo(sizeBeforeRecovery));
        Assert.That(manifest.Sequence, Is.EqualTo(sealedBefore.Sequence + 1));
        Assert.That(manifest.PreviousManifestSha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(clip1Manifest)))));
        Assert.That(manifest.OfficerId, Is.EqualTo(sealedBefore.OfficerId), "from the journal, not the configuration");
        Assert.That(manifest.TriggerOn, Is.EqualTo(sealedBefore.TriggerOn));
        Assert.That(manifest.Interrupted.DescribedBytes, Is.GreaterThan(0));
        TestContext.Out.WriteLine(manifest.Interrupted.Note);

        string playable = clip2;
        if (encrypted)
        {
            Assert.That(manifest.Encryption!.KeyObject, Is.EqualTo(Path.GetFileNameWithoutExtension(clip2) + ".key"));
            Assert.That(manifest.Interrupted.Fragments, Is.Null, "the device cannot read its own footage back");
            Assert.That(sizeBeforeRecovery % 16, Is.Zero, "only whole cipher blocks reach the file");
            playable = Path.Combine(_directory, "clip02.plain.mp4");
            IndependentTools.Decrypt(storePrivate, Path.Combine(clips, manifest.Encryption.KeyObject), clip2, playable, torn: true);
        }
        else
        {
            Assert.That(manifest.Interrupted.Fragments, Is.GreaterThanOrEqualTo(2));
            Assert.That(manifest.Interrupted.WholeBytes, Is.LessThanOrEqualTo(sizeBeforeRecovery).And.GreaterThanOrEqualTo(RecordingCrashTests.Durable(lines, 2).Max()));
        }

        long[] fed = [.. lines.Where(line => line.StartsWith("fed ", StringComparison.Ordinal))
            .Select(line => long.Parse(line[4..], CultureInfo.InvariantCulture))
            .Where(sequence => sequence >= sealedBefore.Frames.FirstSequence)];
        int inClip2 = MediaTools.Probe(playable).Of("video").Count;
        Assert.That(inClip2, Is.GreaterThanOrEqualTo(manifest.Frames.VideoFrames), "at least what the journal describes");
        Assert.That(fed.Length - (sealedBefore.Frames.VideoFrames + inClip2), Is.InRange(0, MediaTools.KeyframeInterval + PipelineSlack),
            "a cut loses at most the fragment being built");

        VerificationReport report = new EvidenceVerifier(File.ReadAllText(Path.Combine(state, "identity", "device-key.pub.pem"))).Verify(clips);
        Assert.That(report.Passed, Is.True, string.Join("\n", report.Failures));
        Assert.That(report.Clips.Single(clip => clip.Clip == Path.GetFileName(clip2)).Find("interrupted")!.Status, Is.EqualTo(CheckStatus.Warning));

        using (DeviceEvidence again = DeviceEvidence.Open(state, options, "0.1.0-next-start", TimeProvider.System))
        {
            Assert.That(again.RecoverTornClips(), Is.Empty, "sealed once");
        }
    }

    [Test]
    public void Only_this_devices_clips_are_sealed_not_foreign_empty_or_garbage_files_under_clip_names()
    {
        // A recordings folder with another camera's clip, and an empty and a garbage file under
        // this device's clip names, had a manifest signed by this device written beside each.
        string state = Directory.CreateDirectory(Path.Combine(_directory, "state")).FullName;
        string clips = Directory.CreateDirectory(Path.Combine(state, "recordings")).FullName;
        byte[] initSegment = [.. Box("ftyp", 24), .. Box("moov", 700)];
        var foreign = new Dictionary<string, byte[]>
        {
            ["BC-000001_20200101T000000Z_0001_clip01.mp4"] = initSegment,
            ["BC-004711_20200101T000000Z_0002_clip01.mp4"] = [],
            ["BC-004711_20200101T000000Z_0003_clip01.mp4"] = RandomNumberGenerator.GetBytes(5000),
        };
        foreach (var (name, content) in foreign)
        {
            File.WriteAllBytes(Path.Combine(clips, name), content);
        }

        string ours = Path.Combine(clips, "BC-004711_20200101T000000Z_0004_clip01.mp4");
        File.WriteAllBytes(ours, [.. initSegment, .. Box("moof", 40)]);

        DeviceOptions options = Options(clips, null);
        options.Identity.DeviceSerial = "BC-004711";
        using (DeviceEvidence device = DeviceEvidence.Open(state, options, "0.1.0-next-start", TimeProvider.System))
        {
            Assert.That(device.RecoverTornClips().Select(manifest => Path.GetFileName(manifest.Path)),
                Is.EqualTo(new[] { "BC-004711_20200101T000000Z_0004_clip01.json" }), "only the torn clip of this device");
        }

        foreach (var (name, content) in foreign)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(clips, name)), Is.EqualTo(content), name);
            Assert.That(File.Exists(Path.Combine(clips, Path.ChangeExtension(name, ".json"))), Is.False, $"{name}: no manifest of this device");
        }
    }

    private static byte[] Box(string type, int size)
    {
        var box = new byte[size];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(box, (uint)size);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        return box;
    }

    private static DeviceOptions Options(string recordings, string? storePublicKey)
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-000123"; // the crash helper's: the device that recorded the clips
        options.Identity.OfficerId = "PC-CONFIG";
        options.Recording.Directory = recordings;
        if (storePublicKey is not null)
        {
            options.Encryption.Enabled = true;
            options.Encryption.PublicKey = storePublicKey;
            options.Encryption.PublicKeyId = "store-key-1";
        }

        return options;
    }
}
