// Checks an audit log's chain (AuditLineChain): every line's "prev" is the SHA-256 of the line
// before it as stored, sequence numbers go up by one, and every checkpoint's JWS verifies with
// the device key and its payload is the line itself without the "jws" member. Lines written
// before the chain began (no "prev") and lines torn by a power cut are reported, not failed.
// Also returns what the seal checkpoints say of each manifest, for EvidenceVerifier to compare.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BodyCamDevice.Firmware.Evidence.Audit;
using BodyCamDevice.Firmware.Evidence.Jws;

namespace BodyCamDevice.Firmware.Evidence.Verification;

// A seal checkpoint: the audit line's number and what it says was sealed.
internal sealed record SealRecord(int Line, long Sequence, string Manifest, string ManifestSha256);

internal static class AuditLogCheck
{
    public static (AuditReport Report, IReadOnlyList<SealRecord> Seals) Run(string path, ECDsa? deviceKey)
    {
        var checks = new List<Check>();
        var seals = new List<SealRecord>();
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            checks.Add(new("audit", CheckStatus.Failed, $"unreadable: {exception.Message}"));
            return (new AuditReport(path, 0, 0, 0, null, null, 0, checks), seals);
        }

        List<ReadOnlyMemory<byte>> lines = Split(content);
        string previousHash = AuditLineChain.Genesis;
        long? previousSequence = null, firstSequence = null;
        int chained = 0, checkpoints = 0, lastCheckpoint = 0, legacy = 0;
        bool chainBegun = false;
        for (int index = 0; index < lines.Count; index++)
        {
            int number = index + 1;
            ReadOnlySpan<byte> raw = lines[index].Span;
            string hash = Convert.ToHexStringLower(SHA256.HashData(raw));
            AuditLine? line = Parse(raw);
            if (line is null)
            {
                checks.Add(new("line", index == lines.Count - 1 || (index + 1 < lines.Count && Parse(lines[index + 1].Span)?.Prev == hash)
                    ? CheckStatus.Warning : CheckStatus.Failed, $"line {number} is not an audit line (torn by a power cut, or damaged)"));
                previousHash = hash;
                continue;
            }

            firstSequence ??= line.Sequence;
            if (previousSequence is { } before && line.Sequence != before + 1)
            {
                checks.Add(new("sequence", CheckStatus.Failed, line.Sequence > before + 1
                    ? $"line {number}: seq jumps from {before} to {line.Sequence}: {line.Sequence - before - 1} line(s) removed"
                    : $"line {number}: seq {line.Sequence} after {before}: lines reordered or repeated"));
            }

            previousSequence = line.Sequence;
            if (line.Prev is null)
            {
                if (chainBegun)
                {
                    checks.Add(new("link", CheckStatus.Failed, $"line {number} (seq {line.Sequence}) has no link although the chain began before it"));
                }
                else
                {
                    legacy++;
                }
            }
            else
            {
                chainBegun = true;
                chained++;
                if (line.Prev != previousHash)
                {
                    checks.Add(new("link", CheckStatus.Failed,
                        $"line {number} (seq {line.Sequence}): prev does not match the line before it: a line was edited, removed, inserted or reordered there"));
                }
            }

            if (line.Kind == AuditLineChain.CheckpointKind)
            {
                checkpoints++;
                lastCheckpoint = number;
                checks.Add(Checkpoint(number, line, raw, deviceKey));
                if (line.Details.GetValueOrDefault("reason") == "seal"
                    && long.TryParse(line.Details.GetValueOrDefault("manifestSequence"), out long sequence))
                {
                    seals.Add(new SealRecord(number, sequence, line.Details.GetValueOrDefault("manifest") ?? "", line.Details.GetValueOrDefault("manifestSha256") ?? ""));
                }
            }

            previousHash = hash;
        }

        if (legacy > 0)
        {
            checks.Add(new("link", CheckStatus.Warning, $"{legacy} line(s) at the start were written before the chain began: not protected"));
        }

        if (checks.Count == 0 || checks.All(check => check.Status != CheckStatus.Failed))
        {
            checks.Add(new("chain", CheckStatus.Ok, $"{chained} linked line(s), {checkpoints} signed checkpoint(s)"));
        }

        return (new AuditReport(path, lines.Count, chained, checkpoints, firstSequence, previousSequence, lines.Count - lastCheckpoint, checks), seals);
    }

    private static Check Checkpoint(int number, AuditLine line, ReadOnlySpan<byte> raw, ECDsa? deviceKey)
    {
        string where = $"line {number} (seq {line.Sequence}, checkpoint {line.Details.GetValueOrDefault("reason")})";
        if (line.Jws is null)
        {
            return new("checkpoint", CheckStatus.Failed, $"{where} is not signed");
        }

        JwsParts jws;
        try
        {
            jws = Es256Jws.ReadCompact(line.Jws);
        }
        catch (FormatException exception)
        {
            return new("checkpoint", CheckStatus.Failed, $"{where}: malformed JWS: {exception.Message}");
        }

        // The line is its payload with ,"jws":"…" before the closing brace.
        byte[] expected = [.. jws.Payload.AsSpan(0, Math.Max(0, jws.Payload.Length - 1)), .. Encoding.UTF8.GetBytes($",\"jws\":\"{line.Jws}\"}}")];
        if (!raw.SequenceEqual(expected))
        {
            return new("checkpoint", CheckStatus.Failed, $"{where}: the signed payload is not this line: the line was changed");
        }

        if (deviceKey is null)
        {
            return new("checkpoint", CheckStatus.Failed, $"{where}: signature not checked: no device public key");
        }

        return jws.Type == AuditLineChain.JwsType && Es256Jws.Verify(jws, deviceKey)
            ? new("checkpoint", CheckStatus.Ok, $"{where}: signed by the device key")
            : new("checkpoint", CheckStatus.Failed, $"{where}: the signature does not verify with the device key (kid {jws.KeyId})");
    }

    private static List<ReadOnlyMemory<byte>> Split(byte[] content)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        int start = 0;
        for (int index = 0; index < content.Length; index++)
        {
            if (content[index] == (byte)'\n')
            {
                lines.Add(content.AsMemory(start, index - start));
                start = index + 1;
            }
        }

        if (start < content.Length)
        {
            lines.Add(content.AsMemory(start));
        }

        return lines;
    }

    private static AuditLine? Parse(ReadOnlySpan<byte> raw)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(raw.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("seq", out JsonElement seq) || !seq.TryGetInt64(out long sequence))
            {
                return null;
            }

            var details = new Dictionary<string, string>();
            if (root.TryGetProperty("details", out JsonElement detailElement) && detailElement.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in detailElement.EnumerateObject())
                {
                    details[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
            }

            return new AuditLine(sequence, Text(root, "kind") ?? "", details, Text(root, "prev"), Text(root, "jws"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record AuditLine(long Sequence, string Kind, Dictionary<string, string> Details, string? Prev, string? Jws);
}
