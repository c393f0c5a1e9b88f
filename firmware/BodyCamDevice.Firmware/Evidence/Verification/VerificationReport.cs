// What `bodycam verify` found, shaped for a table and for JSON alike. A check is Ok, Failed (the
// evidence is not what the device sealed: exit non-zero), Warning (worth knowing, not a breach:
// a clip cut off by a power cut, a torn audit line) or NotApplicable.
namespace BodyCamDevice.Firmware.Evidence.Verification;

public enum CheckStatus
{
    Ok,
    Warning,
    Failed,
    NotApplicable,
}

// Name: hash, signature, chain, encryption, interrupted, manifest. Detail: one line for people.
public sealed record Check(string Name, CheckStatus Status, string Detail);

// One clip and its manifest. Sequence and the manifest's SHA-256 when it could be read.
public sealed record ClipReport(string Clip, string? Manifest, long? Sequence, string? ManifestSha256, IReadOnlyList<Check> Checks)
{
    public bool Passed => Checks.All(check => check.Status != CheckStatus.Failed);

    public Check? Find(string name) => Checks.FirstOrDefault(check => check.Name == name);
}

// The audit log: lines read, how many are chained and signed, and every problem by line number.
public sealed record AuditReport(
    string Path, int Lines, int ChainedLines, int Checkpoints, long? FirstSequence, long? LastSequence, int LinesAfterLastCheckpoint, IReadOnlyList<Check> Checks)
{
    public bool Passed => Checks.All(check => check.Status != CheckStatus.Failed);
}

// KeyFingerprint: the key the signatures were checked against (null: none was available).
public sealed record VerificationReport(string Path, string? KeyFingerprint, IReadOnlyList<ClipReport> Clips, IReadOnlyList<Check> Chain, AuditReport? Audit)
{
    public bool Passed => Clips.All(clip => clip.Passed) && Chain.All(check => check.Status != CheckStatus.Failed) && (Audit?.Passed ?? true);

    // Every failure, one line each, naming the file (and line) and the check.
    public IEnumerable<string> Failures =>
        Clips.SelectMany(clip => clip.Checks.Where(check => check.Status == CheckStatus.Failed).Select(check => $"{clip.Clip}: {check.Name}: {check.Detail}"))
            .Concat(Chain.Where(check => check.Status == CheckStatus.Failed).Select(check => $"chain: {check.Detail}"))
            .Concat(Audit?.Checks.Where(check => check.Status == CheckStatus.Failed).Select(check => $"{System.IO.Path.GetFileName(Audit.Path)}: {check.Name}: {check.Detail}") ?? []);
}
