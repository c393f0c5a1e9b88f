// SIGKILL during an encrypted recording, as real processes: `bodycam run` records the test
// pattern encrypted to an evidence store's key and is killed with its camera mid-recording; the
// next `bodycam run` seals the cut clip as interrupted before it does anything else; `bodycam
// verify` passes the folder, reporting the cut; the openssl command line decrypts the clip
// (-nopad: a cut clip has no padding block) and ffprobe plays at least every frame its manifest
// counts. (RecordingCrashTests and TornClipRecoveryTests measure the loss against what was fed:
// at most the fragment being built.)
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;
using BodyCamDevice.Firmware.Tests.Evidence;

namespace BodyCamDevice.Device.Tests.Evidence;

[Category("ffmpeg")]
[NonParallelizable]
public class KilledRecordingTests
{
    private string _root = null!;

    [SetUp]
    public void CreateDirectory() => _root = Directory.CreateTempSubdirectory("bodycam-killed-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task An_encrypted_recording_killed_mid_clip_is_sealed_as_interrupted_at_the_next_start_and_decrypts_and_plays()
    {
        string state = Directory.CreateDirectory(Path.Combine(_root, "state")).FullName;
        string recordings = Path.Combine(state, "recordings");
        (string storePrivate, string storePublic) = IndependentTools.RsaKeyPair(_root);
        string config = RecordingRig.Config(_root, "bodycam.json", storePublic);

        using (var rig = await RecordingRig.StartAsync(config, state))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            await rig.RecordAsync(TimeSpan.FromSeconds(1));
            await rig.StartRecordingAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        // Disposing the rig killed bodycam and its ffmpeg with SIGKILL.
        string cut = Directory.GetFiles(recordings, "*.mp4").Order(StringComparer.Ordinal).Last();
        Assert.That(File.Exists(Path.ChangeExtension(cut, ".json")), Is.False, "cut before it was sealed");
        long size = new FileInfo(cut).Length;

        using (var next = Bodycam.Start(["run", "--virtual-gpio", "--camera", "virtual", "--config", config, "--state-dir", state]))
        {
            string line = next.WaitForLine("Recovered ", TimeSpan.FromSeconds(30));
            Assert.That(line, Does.Contain(Path.GetFileName(cut)).And.Contain("sealed as interrupted, manifest number 2"));
            next.WaitForLine("Ready: ", TimeSpan.FromSeconds(30));
            next.Terminate();
            Assert.That(next.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, next.Error);
        }

        var (exitCode, output, error) = Bodycam.Run(["verify", recordings, "--state-dir", state, "--json"]);
        Assert.That(exitCode, Is.Zero, output + error);
        using (var report = JsonDocument.Parse(output))
        {
            var checks = report.RootElement.GetProperty("clips").EnumerateArray()
                .Single(clip => clip.GetProperty("clip").GetString() == Path.GetFileName(cut)).GetProperty("checks").EnumerateArray();
            Assert.That(checks.Single(check => check.GetProperty("name").GetString() == "interrupted").GetProperty("status").GetString(), Is.EqualTo("Warning"));
        }

        ClipManifest manifest = ManifestJson.Parse(File.ReadAllBytes(Path.ChangeExtension(cut, ".json")));
        Assert.That(manifest.Interrupted!.BytesHeld, Is.EqualTo(size));
        Assert.That(new FileInfo(cut).Length, Is.EqualTo(size), "nothing truncated");
        Assert.That(manifest.OfficerId, Is.EqualTo("4711"));
        Assert.That(manifest.Frames.VideoFrames, Is.GreaterThan(0), "the writer's record of its synced fragments");

        string plain = Path.Combine(_root, "cut.plain.mp4");
        IndependentTools.Decrypt(storePrivate, Path.ChangeExtension(cut, ".key"), cut, plain, torn: true);
        int frames = FfprobeVideoFrames(plain);
        Assert.That(frames, Is.GreaterThanOrEqualTo(manifest.Frames.VideoFrames));
        TestContext.Out.WriteLine($"cut clip: {size} bytes, {frames} frames decrypted and played; the manifest describes {manifest.Frames.VideoFrames}");
    }

    private static int FfprobeVideoFrames(string path)
    {
        string output = System.Text.Encoding.ASCII.GetString(FfmpegTool.Run("ffprobe",
            ["-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", path]));
        return int.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
