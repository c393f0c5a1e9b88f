// The audit log as evidence: each line carries the SHA-256 of the line before it, across restarts
// and a torn last line; checkpoint lines are signed with the device key (Node verifies them) over
// the line itself; a checkpoint follows every seal, dock and shutdown; and an edited, removed or
// reordered line is found and named by the verifier.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Evidence.Audit;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Evidence.Verification;
using BodyCamDevice.Firmware.Storage;
using BodyCamDevice.Firmware.Tests.Evidence.Manifests;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Evidence.Audit;

public class AuditChainTests
{
    private string _state = null!;
    private string _path = null!;
    private string _recordings = null!;
    private FileDeviceSigningKey _key = null!;

    [SetUp]
    public void CreateState()
    {
        _state = Directory.CreateTempSubdirectory("bodycam-audit-chain-").FullName;
        _path = Path.Combine(_state, "audit.jsonl");
        _recordings = Directory.CreateDirectory(Path.Combine(_state, "recordings")).FullName;
        _key = FileDeviceSigningKey.Create(FileDeviceSigningKey.PathIn(_state));
    }

    [TearDown]
    public void RemoveState()
    {
        _key.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    [Test]
    public async Task Every_line_carries_the_hash_of_the_line_before_it_across_a_restart()
    {
        await WriteAsync(3);
        await WriteAsync(2);

        string[] lines = File.ReadAllLines(_path);
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(Prev(lines[0]), Is.EqualTo(new string('0', 64)));
        for (int index = 1; index < lines.Length; index++)
        {
            Assert.That(Prev(lines[index]), Is.EqualTo(Sha256(lines[index - 1])), $"line {index + 1}");
        }

        Assert.That(Verify().Audit!.Passed, Is.True);
    }

    [Test]
    public async Task A_torn_last_line_stays_as_it_is_and_the_chain_goes_on_after_it()
    {
        await WriteAsync(2);
        await File.AppendAllTextAsync(_path, "{\"seq\":3,\"utc\":\"2026-0");
        await WriteAsync(1);

        string[] lines = File.ReadAllLines(_path);
        Assert.That(lines[2], Is.EqualTo("{\"seq\":3,\"utc\":\"2026-0"), "never rewritten");
        Assert.That(Prev(lines[3]), Is.EqualTo(Sha256(lines[2])));
        AuditReport audit = Verify().Audit!;
        Assert.That(audit.Passed, Is.True, string.Join("\n", audit.Checks));
        Assert.That(audit.Checks.Single(check => check.Status == CheckStatus.Warning).Detail, Does.Contain("line 3 is not an audit line (torn"));
    }

    [Test]
    public async Task A_checkpoint_is_signed_over_the_line_itself_and_node_verifies_it()
    {
        await WriteAsync(2, checkpointAfter: true);

        string checkpoint = File.ReadAllLines(_path)[^1];
        using JsonDocument line = JsonDocument.Parse(checkpoint);
        string jws = line.RootElement.GetProperty("jws").GetString()!;
        string jwsFile = Path.Combine(_state, "checkpoint.jws");
        File.WriteAllText(jwsFile, jws);

        byte[] payload = IndependentTools.NodeVerify(FileDeviceSigningKey.PublicPathIn(_state), jwsFile, compact: true);

        Assert.That(System.Text.Encoding.UTF8.GetString(payload) + "", Is.EqualTo(checkpoint.Replace($",\"jws\":\"{jws}\"", "", StringComparison.Ordinal)));
        Assert.That(Verify().Audit!.Checkpoints, Is.EqualTo(1));
    }

    [Test]
    public async Task A_checkpoint_follows_every_seal_dock_and_shutdown()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var loop = new DeviceEventLoop(time);
        var sealer = new ManifestSealer(_key, ManifestChain.Open(ManifestChain.PathIn(_state), _recordings));
        await using (var sink = new JsonLinesAuditSink(_path, _key))
        {
            var trail = new AuditTrail(time, sink);
            using var checkpoints = new AuditCheckpoints(loop, trail, sealer);
            SealedManifest sealedManifest = sealer.Seal(Path.Combine(_recordings, "A_clip01.json"), ManifestChainTests.Manifest("A", 1));
            loop.Post(() => trail.Record("input", ("input", "dock"), ("level", "docked")));
            loop.Post(() => trail.Record("shutdown", ("state", "Docked")));

            Assert.That(sealedManifest.Manifest.Sequence, Is.EqualTo(1));
        }

        var kinds = File.ReadAllLines(_path).Select(text => JsonDocument.Parse(text).RootElement).ToArray();
        Assert.That(kinds.Select(line => line.GetProperty("kind").GetString()), Is.EqualTo(new[] { "checkpoint", "input", "checkpoint", "shutdown", "checkpoint" }));
        JsonElement seal = kinds[0].GetProperty("details");
        Assert.That(seal.GetProperty("reason").GetString(), Is.EqualTo("seal"));
        Assert.That(seal.GetProperty("manifestSequence").GetString(), Is.EqualTo("1"));
        Assert.That(seal.GetProperty("manifestSha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_recordings, "A_clip01.json"))))));
        Assert.That(kinds[2].GetProperty("details").GetProperty("reason").GetString(), Is.EqualTo("dock"));
        Assert.That(kinds[4].GetProperty("details").GetProperty("reason").GetString(), Is.EqualTo("shutdown"));
        Assert.That(Verify().Audit!.Checkpoints, Is.EqualTo(3));
    }

    [Test]
    public async Task An_edited_line_is_found_and_named()
    {
        await WriteAsync(5, checkpointAfter: true);
        string[] lines = File.ReadAllLines(_path);
        lines[1] = lines[1].Replace("\"n\":\"2\"", "\"n\":\"9\"", StringComparison.Ordinal);
        File.WriteAllLines(_path, lines);

        Assert.That(Failures(), Has.Some.Contains("line 3 (seq 3): prev does not match the line before it"));
    }

    [Test]
    public async Task An_edited_checkpoint_is_found_by_its_signature()
    {
        await WriteAsync(2, checkpointAfter: true);
        string[] lines = File.ReadAllLines(_path);
        lines[^1] = lines[^1].Replace("\"reason\":\"test\"", "\"reason\":\"tset\"", StringComparison.Ordinal);
        File.WriteAllLines(_path, lines);

        Assert.That(Failures(), Has.Some.Contains("line 3 (seq 3, checkpoint tset): the signed payload is not this line"));
    }

    [Test]
    public async Task A_removed_line_is_found_and_named()
    {
        await WriteAsync(5, checkpointAfter: true);
        File.WriteAllLines(_path, File.ReadAllLines(_path).Where((_, index) => index != 2));

        Assert.That(Failures(), Has.Some.Contains("line 3: seq jumps from 2 to 4: 1 line(s) removed"));
        Assert.That(Failures(), Has.Some.Contains("line 3 (seq 4): prev does not match"));
    }

    [Test]
    public async Task Reordered_lines_are_found_and_named()
    {
        await WriteAsync(5, checkpointAfter: true);
        string[] lines = File.ReadAllLines(_path);
        (lines[1], lines[2]) = (lines[2], lines[1]);
        File.WriteAllLines(_path, lines);

        Assert.That(Failures(), Has.Some.Contains("line 3: seq 2 after 3: lines reordered or repeated"));
        Assert.That(Failures(), Has.Some.Contains("line 2 (seq 3): prev does not match"));
    }

    private async Task WriteAsync(int entries, bool checkpointAfter = false)
    {
        await using var sink = new JsonLinesAuditSink(_path, _key);
        var trail = new AuditTrail(TimeProvider.System, sink);
        for (int n = 0; n < entries; n++)
        {
            trail.Record("state", ("n", (sink.LastSequence + n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (checkpointAfter)
        {
            trail.Record(AuditLineChain.CheckpointKind, ("reason", "test"));
        }
    }

    private VerificationReport Verify() => new EvidenceVerifier(_key.PublicKeyPem).Verify(_recordings, _path);

    private string[] Failures() => [.. Verify().Failures];

    private static string Prev(string line) => JsonDocument.Parse(line).RootElement.GetProperty("prev").GetString()!;

    private static string Sha256(string line) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(line)));
}
