// `bodycam verify`: checks a recordings folder (or one clip in it) as a court would want it
// checked, with the device's public key alone. Per clip: hash, signature, that the manifest is
// this clip's, encryption (key object intact), interrupted. Across clips: the chain (each
// manifest's previousManifestSha256 is the SHA-256 of the manifest numbered one lower), numbers
// missing or given twice, and, with the device's chain head, manifests missing at the end.
// With the audit log: its own chain and checkpoints, and that every manifest a seal checkpoint
// names is here with the hash the checkpoint recorded. Reads everything, changes nothing.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence.Verification;

public sealed class EvidenceVerifier
{
    private readonly ECDsa? _deviceKey;
    private readonly string? _fingerprint;

    // devicePublicKeyPem: the device's public key (SubjectPublicKeyInfo PEM); null checks no
    // signature (every one is then reported as not checked, a failure).
    public EvidenceVerifier(string? devicePublicKeyPem)
    {
        if (devicePublicKeyPem is null)
        {
            return;
        }

        _deviceKey = ECDsa.Create();
        try
        {
            _deviceKey.ImportFromPem(devicePublicKeyPem);
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            _deviceKey.Dispose();
            throw new ArgumentException($"the device public key is not an ECDSA public key in PEM: {exception.Message}", nameof(devicePublicKeyPem), exception);
        }

        _fingerprint = Convert.ToHexStringLower(SHA256.HashData(_deviceKey.ExportSubjectPublicKeyInfo()));
    }

    // path: a recordings folder, or one clip (*.mp4) in it. auditLog: the device's audit log, or
    // null. chainHead: the device's last manifest number (its chain state), or null.
    public VerificationReport Verify(string path, string? auditLog = null, long? chainHead = null)
    {
        path = Path.GetFullPath(path);
        bool oneClip = File.Exists(path);
        string directory = oneClip ? Path.GetDirectoryName(path)! : path;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"no such clip or folder: {path}");
        }

        IEnumerable<string> clipPaths = oneClip ? [path] : Directory.EnumerateFiles(directory, "*.mp4").Order(StringComparer.Ordinal);
        List<ClipReading> readings = [.. clipPaths.Select(clip => ClipCheck.Read(clip, _deviceKey, _fingerprint))];
        if (!oneClip)
        {
            readings.AddRange(OrphanManifests(directory));
        }

        // The chain is judged against every manifest in the folder, also for one clip.
        List<ClipReading> all = oneClip ? [.. readings, .. OtherManifests(directory, path)] : readings;
        var chain = new List<Check>();
        Dictionary<long, ClipReading> bySequence = Numbered(all, chain);
        foreach (ClipReading reading in readings)
        {
            reading.Checks.Add(Link(reading, bySequence));
        }

        AuditReport? audit = null;
        if (auditLog is not null)
        {
            (audit, IReadOnlyList<SealRecord> seals) = AuditLogCheck.Run(auditLog, _deviceKey);
            if (!oneClip)
            {
                chain.AddRange(CompareWithAudit(seals, bySequence, directory));
            }
        }

        if (!oneClip)
        {
            chain.AddRange(Gaps(bySequence, chainHead));
        }

        var clips = readings.Select(reading => new ClipReport(
            Path.GetFileName(reading.ClipPath), reading.ManifestPath is null ? null : Path.GetFileName(reading.ManifestPath),
            reading.Manifest?.Sequence, reading.ManifestSha256, reading.Checks)).ToArray();
        return new VerificationReport(path, _fingerprint, clips, chain, audit);
    }

    // Manifests whose clip is gone: the clip was deleted (or renamed).
    private IEnumerable<ClipReading> OrphanManifests(string directory)
    {
        foreach (string manifest in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            string clip = Path.ChangeExtension(manifest, ".mp4");
            if (!File.Exists(clip) && TryManifest(manifest) is not null)
            {
                ClipReading reading = ClipCheck.Read(clip, _deviceKey, _fingerprint);
                reading.Checks.RemoveAll(check => check.Name == "hash");
                reading.Checks.Insert(0, new("clip", CheckStatus.Failed, $"missing: the manifest {Path.GetFileName(manifest)} is here, its clip is not"));
                yield return reading;
            }
        }
    }

    private static IEnumerable<ClipReading> OtherManifests(string directory, string except)
    {
        foreach (string manifest in Directory.EnumerateFiles(directory, "*.json"))
        {
            if (Path.ChangeExtension(manifest, ".mp4") != except && TryManifest(manifest) is { } parsed)
            {
                yield return new ClipReading(Path.ChangeExtension(manifest, ".mp4"), manifest, parsed.Manifest, parsed.Sha256, []);
            }
        }
    }

    private static (ClipManifest Manifest, string Sha256)? TryManifest(string path)
    {
        try
        {
            byte[] file = File.ReadAllBytes(path);
            return (ManifestJson.Parse(file), Convert.ToHexStringLower(SHA256.HashData(file)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private static Dictionary<long, ClipReading> Numbered(IEnumerable<ClipReading> readings, List<Check> chain)
    {
        var bySequence = new Dictionary<long, ClipReading>();
        foreach (ClipReading reading in readings)
        {
            if (reading.Manifest?.Sequence is not { } sequence)
            {
                continue;
            }

            if (!bySequence.TryAdd(sequence, reading))
            {
                chain.Add(new("chain", CheckStatus.Failed,
                    $"number {sequence} is carried by two manifests ({Path.GetFileName(bySequence[sequence].ManifestPath)} and {Path.GetFileName(reading.ManifestPath)})"));
            }
        }

        return bySequence;
    }

    private static Check Link(ClipReading reading, Dictionary<long, ClipReading> bySequence)
    {
        if (reading.Manifest is not { } manifest)
        {
            return new("chain", CheckStatus.NotApplicable, "no manifest");
        }

        if (manifest.Sequence is not { } sequence)
        {
            return new("chain", CheckStatus.Failed, "the manifest has no place in the device's chain (no sequence number)");
        }

        if (manifest.PreviousManifestSha256 is not { } previous)
        {
            return sequence == 1
                ? new("chain", CheckStatus.Ok, "number 1: the device's first manifest")
                : new("chain", CheckStatus.Failed, $"number {sequence} names no previous manifest");
        }

        if (!bySequence.TryGetValue(sequence - 1, out ClipReading? before))
        {
            bool lowest = bySequence.Keys.Min() == sequence;
            return new("chain", lowest ? CheckStatus.Warning : CheckStatus.Failed, lowest
                ? $"number {sequence}; the manifests before it are not here (offloaded, or elsewhere)"
                : $"number {sequence}: manifest {sequence - 1} before it is missing");
        }

        return before.ManifestSha256 == previous
            ? new("chain", CheckStatus.Ok, $"number {sequence}, follows {Path.GetFileName(before.ManifestPath)}")
            : new("chain", CheckStatus.Failed,
                $"number {sequence}: previousManifestSha256 {previous} is not the SHA-256 of manifest {sequence - 1} ({Path.GetFileName(before.ManifestPath)}, {before.ManifestSha256}): it was changed or replaced");
    }

    private static IEnumerable<Check> Gaps(Dictionary<long, ClipReading> bySequence, long? chainHead)
    {
        if (bySequence.Count == 0)
        {
            yield break;
        }

        long lowest = bySequence.Keys.Min(), highest = bySequence.Keys.Max();
        var missing = new List<string>();
        for (long sequence = lowest + 1; sequence < highest; sequence++)
        {
            if (!bySequence.ContainsKey(sequence))
            {
                long end = sequence;
                while (end + 1 < highest && !bySequence.ContainsKey(end + 1))
                {
                    end++;
                }

                missing.Add(end == sequence ? $"{sequence}" : $"{sequence}-{end}");
                sequence = end;
            }
        }

        if (missing.Count > 0)
        {
            yield return new("chain", CheckStatus.Failed, $"manifest number(s) {string.Join(", ", missing)} missing between {lowest} and {highest}: clips removed (or their manifests unreadable)");
        }

        if (chainHead is { } head && head > highest)
        {
            yield return new("chain", CheckStatus.Failed, $"the device's chain is at {head}, the newest manifest here is {highest}: {head - highest} missing at the end");
        }

        if (missing.Count == 0 && (chainHead is null || chainHead <= highest))
        {
            yield return new("chain", CheckStatus.Ok, $"numbers {lowest} to {highest}, none missing");
        }
    }

    private static IEnumerable<Check> CompareWithAudit(IReadOnlyList<SealRecord> seals, Dictionary<long, ClipReading> bySequence, string directory)
    {
        long lowest = bySequence.Count == 0 ? long.MaxValue : bySequence.Keys.Min();
        foreach (SealRecord seal in seals)
        {
            if (bySequence.TryGetValue(seal.Sequence, out ClipReading? reading))
            {
                if (reading.ManifestSha256 != seal.ManifestSha256)
                {
                    yield return new("chain", CheckStatus.Failed,
                        $"audit line {seal.Line} records manifest {seal.Sequence} ({seal.Manifest}) sealed with SHA-256 {seal.ManifestSha256}; the one here ({Path.GetFileName(reading.ManifestPath)}) is {reading.ManifestSha256}");
                }
            }
            else if (seal.Manifest.Length > 0 && seal.Manifest == Path.GetFileName(seal.Manifest) && File.Exists(Path.Combine(directory, seal.Manifest)))
            {
                string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, seal.Manifest))));
                yield return new("chain", CheckStatus.Failed,
                    $"audit line {seal.Line} records manifest {seal.Sequence} ({seal.Manifest}) sealed with SHA-256 {seal.ManifestSha256}; the file here is {actual} and does not read as that manifest: changed");
            }
            else if (seal.Sequence > lowest)
            {
                yield return new("chain", CheckStatus.Failed, $"audit line {seal.Line} records manifest {seal.Sequence} ({seal.Manifest}) sealed; it is not here: removed");
            }
        }
    }
}
