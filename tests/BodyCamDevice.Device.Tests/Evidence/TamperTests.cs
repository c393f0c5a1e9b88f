// Every way the issue lists of tampering with a device's evidence, each found and named by
// `bodycam verify` (a real process) with nothing but the device's state directory: the device
// records one clip in clear, is restarted with encryption on and records two encrypted clips,
// then stops. Each test tampers with a copy of what it left.
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;
using BodyCamDevice.Firmware.Tests.Evidence;

namespace BodyCamDevice.Device.Tests.Evidence;

[Category("ffmpeg")]
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class TamperTests
{
    private string _pristine = null!;
    private string _state = null!;
    private string[] _clips = null!;

    [OneTimeSetUp]
    public async Task RecordThreeClipsTheSecondAndThirdEncrypted()
    {
        string root = Directory.CreateTempSubdirectory("bodycam-tamper-").FullName;
        _pristine = Directory.CreateDirectory(Path.Combine(root, "pristine")).FullName;
        (_, string storePublic) = IndependentTools.RsaKeyPair(root);
        foreach (string? key in new[] { null, storePublic })
        {
            using var rig = await RecordingRig.StartAsync(RecordingRig.Config(root, key is null ? "plain.json" : "encrypting.json", key), _pristine);
            await Task.Delay(TimeSpan.FromSeconds(1));
            for (int n = 0; n < (key is null ? 1 : 2); n++)
            {
                await rig.RecordAsync(TimeSpan.FromSeconds(1.5));
            }

            rig.Stop();
        }

        var (exitCode, output, error) = Verify(_pristine);
        Assert.That(exitCode, Is.Zero, output + error);
    }

    [OneTimeTearDown]
    public void RemoveFiles() => Directory.Delete(Path.GetDirectoryName(_pristine)!, recursive: true);

    [SetUp]
    public void CopyTheState()
    {
        _state = Path.Combine(Path.GetDirectoryName(_pristine)!, "copy-" + TestContext.CurrentContext.Test.ID);
        CopyDirectory(_pristine, _state);
        _clips = [.. Directory.GetFiles(Recordings, "*.mp4").Order(StringComparer.Ordinal)];
        Assert.That(_clips, Has.Length.EqualTo(3));
        Assert.That(File.Exists(KeyObject(1)), Is.False, "the first clip is in clear");
        Assert.That(File.Exists(KeyObject(2)) && File.Exists(KeyObject(3)), Is.True);
    }

    [TearDown]
    public void RemoveCopy() => Directory.Delete(_state, recursive: true);

    private string Recordings => Path.Combine(_state, "recordings");

    private string AuditLog => Path.Combine(_state, "audit.jsonl");

    [Test]
    public void The_untouched_state_verifies_with_every_check_named()
    {
        var (exitCode, output, _) = Verify(_state, "--json");

        Assert.That(exitCode, Is.Zero);
        using var report = System.Text.Json.JsonDocument.Parse(output);
        Assert.That(report.RootElement.GetProperty("passed").GetBoolean(), Is.True);
        var clips = report.RootElement.GetProperty("clips").EnumerateArray().ToArray();
        Assert.That(clips.Select(clip => clip.GetProperty("sequence").GetInt64()), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(clips[0].GetProperty("checks").EnumerateArray().Select(check => check.GetProperty("name").GetString()),
            Is.EquivalentTo(new[] { "manifest", "hash", "signature", "encryption", "interrupted", "chain" }));
        Assert.That(report.RootElement.GetProperty("audit").GetProperty("checkpoints").GetInt32(), Is.GreaterThanOrEqualTo(5), "3 seals, 2 shutdowns");
    }

    [Test]
    public void A_flipped_byte_in_a_clip_in_clear()
    {
        FlipByte(_clips[0]);
        AssertNamed(Clip(1) + ": hash: SHA-256 ", "the clip was changed after it was sealed");
    }

    [Test]
    public void A_flipped_byte_in_an_encrypted_clip()
    {
        FlipByte(_clips[1]);
        AssertNamed(Clip(2) + ": hash: SHA-256 ", "the clip was changed after it was sealed");
    }

    [Test]
    public void A_flipped_byte_in_a_manifest()
    {
        string manifest = Path.ChangeExtension(_clips[1], ".json");
        string text = File.ReadAllText(manifest);
        int at = text.IndexOf("\"payload\": \"", StringComparison.Ordinal) + 40;
        File.WriteAllText(manifest, text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);

        AssertNamed(Clip(2) + ": signature: does not verify with the device key: the manifest was changed after it was signed");
        AssertNamed("records manifest 2 (" + Path.GetFileName(manifest) + ") sealed with SHA-256 ");
    }

    [Test]
    public void A_manifest_re_signed_with_another_key()
    {
        string manifest = Path.ChangeExtension(_clips[0], ".json");
        JwsParts original = Es256Jws.ReadFlattened(File.ReadAllBytes(manifest));
        string otherState = Directory.CreateTempSubdirectory("bodycam-other-").FullName;
        try
        {
            using var other = FileDeviceSigningKey.Create(FileDeviceSigningKey.PathIn(otherState));
            File.WriteAllBytes(manifest, Es256Jws.SignFlattened(other, original.Payload, original.Type!));
            AssertNamed(Clip(1) + ": signature: does not verify with the device key ", $"signed by another key ({other.Fingerprint})");
        }
        finally
        {
            Directory.Delete(otherState, recursive: true);
        }
    }

    [Test]
    public void A_middle_clip_deleted()
    {
        foreach (string file in new[] { _clips[1], Path.ChangeExtension(_clips[1], ".json"), KeyObject(2) })
        {
            File.Delete(file);
        }

        AssertNamed("chain: manifest number(s) 2 missing between 1 and 3: clips removed");
        AssertNamed("records manifest 2 (" + Path.GetFileNameWithoutExtension(_clips[1]) + ".json) sealed; it is not here: removed");
        AssertNamed(Clip(3) + ": chain: number 3: manifest 2 before it is missing");
    }

    [Test]
    public void The_newest_clip_deleted()
    {
        foreach (string file in new[] { _clips[2], Path.ChangeExtension(_clips[2], ".json"), KeyObject(3) })
        {
            File.Delete(file);
        }

        AssertNamed("chain: the device's chain is at 3, the newest manifest here is 2: 1 missing at the end");
    }

    [Test]
    public void Two_clips_swapped()
    {
        string swap = _clips[1] + ".swap";
        File.Move(_clips[1], swap);
        File.Move(_clips[2], _clips[1]);
        File.Move(swap, _clips[2]);

        AssertNamed(Clip(2) + ": hash: SHA-256 ");
        AssertNamed(Clip(3) + ": hash: SHA-256 ");
    }

    [Test]
    public void A_key_object_swapped_between_clips()
    {
        string swap = KeyObject(2) + ".swap";
        File.Move(KeyObject(2), swap);
        File.Move(KeyObject(3), KeyObject(2));
        File.Move(swap, KeyObject(3));

        AssertNamed(Clip(2) + ": encryption: key object " + Path.GetFileName(KeyObject(2)) + " is not the one sealed with the clip");
        AssertNamed(Clip(3) + ": encryption: key object " + Path.GetFileName(KeyObject(3)) + " is not the one sealed with the clip");
    }

    [Test]
    public void An_audit_line_edited()
    {
        string[] lines = File.ReadAllLines(AuditLog);
        lines[3] = lines[3].Replace("\"kind\":\"", "\"kind\":\"x", StringComparison.Ordinal);
        File.WriteAllLines(AuditLog, lines);

        AssertNamed("audit.jsonl: link: line 5 (seq 5): prev does not match the line before it");
    }

    [Test]
    public void An_audit_line_removed()
    {
        File.WriteAllLines(AuditLog, File.ReadAllLines(AuditLog).Where((_, index) => index != 3));

        AssertNamed("audit.jsonl: sequence: line 4: seq jumps from 3 to 5: 1 line(s) removed");
        AssertNamed("audit.jsonl: link: line 4 (seq 5): prev does not match the line before it");
    }

    [Test]
    public void Audit_lines_reordered()
    {
        string[] lines = File.ReadAllLines(AuditLog);
        (lines[3], lines[4]) = (lines[4], lines[3]);
        File.WriteAllLines(AuditLog, lines);

        AssertNamed("audit.jsonl: sequence: line 5: seq 4 after 5: lines reordered or repeated");
        AssertNamed("audit.jsonl: link: line 4 (seq 5): prev does not match the line before it");
    }

    // Runs verify on the copy; it must exit 1 and name every part given on one line of stderr.
    private void AssertNamed(params string[] parts)
    {
        var (exitCode, output, error) = Verify(_state);
        Assert.That(exitCode, Is.EqualTo(1), output + error);
        Assert.That(error, Does.StartWith("FAILED ("));
        Assert.That(error.Split('\n').Any(line => parts.All(part => line.Contains(part, StringComparison.Ordinal))), Is.True,
            $"no failure line with all of [{string.Join(" | ", parts)}] in:\n{error}");
    }

    private static (int ExitCode, string Output, string Error) Verify(string state, params string[] more) =>
        Bodycam.Run(["verify", Path.Combine(state, "recordings"), "--state-dir", state, .. more]);

    private string Clip(int index) => Path.GetFileName(_clips[index - 1]);

    private string KeyObject(int index) => Path.ChangeExtension(_clips[index - 1], ".key");

    private static void FlipByte(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = file.Length / 2;
        int value = file.ReadByte();
        file.Position = file.Length / 2;
        file.WriteByte((byte)(value ^ 0x01));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = file.Replace(from, to, StringComparison.Ordinal);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
