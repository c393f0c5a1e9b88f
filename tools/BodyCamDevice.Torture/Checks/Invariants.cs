// The invariants every trial ends with, each judged by a means the firmware does not share:
//  clips     every clip opens in ffprobe, its first video packet is a keyframe, and its
//            timestamps have no gap that its manifest does not declare;
//  sealed    every clip has its manifest; a clip torn by the fault is sealed as interrupted;
//  chain     manifest numbers run 1..N with no hole or repeat, each naming the SHA-256 of the
//            one before (read from the files here, not by the firmware);
//  evidence  `bodycam verify --json` passes the folder: hashes, signatures, chain, audit log.
// Clips already probed unchanged are not probed again (a device's folder grows over a series).
namespace BodyCamDevice.Torture.Checks;

internal sealed class Invariants
{
    private readonly Dictionary<string, (long Length, DateTime Written)> _probed = new(StringComparer.Ordinal);

    /// <summary>On a device that encrypts: the clip's plaintext file, decrypted independently (null when it does not decrypt, already judged); ffprobe reads that.</summary>
    public Func<Trial, string, Manifest, string?>? Plaintext { get; set; }

    /// <summary>Checks the folder; <paramref name="torn"/>: clips a kill cut off, which must now be sealed as interrupted; <paramref name="foreign"/>: files the trial put there itself.</summary>
    public void Check(Trial trial, Device.Workspace workspace, IReadOnlyCollection<string>? torn = null, IReadOnlyCollection<string>? foreign = null)
    {
        foreign ??= [];
        torn ??= [];
        string recordings = workspace.RecordingsDirectory;
        if (!Directory.Exists(recordings))
        {
            return;
        }

        var clips = workspace.Clips().Where(clip => !foreign.Contains(Path.GetFileName(clip))).ToList();
        var manifests = new List<Manifest>();
        foreach (string clip in clips)
        {
            string manifestPath = Path.ChangeExtension(clip, ".json");
            if (!File.Exists(manifestPath))
            {
                trial.Break("sealed", $"{Path.GetFileName(clip)} has no manifest");
                continue;
            }

            Manifest manifest;
            try
            {
                manifest = Manifest.Read(manifestPath);
            }
            catch (Exception exception) when (exception is System.Text.Json.JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                trial.Break("sealed", $"{Path.GetFileName(manifestPath)} is not a readable JWS manifest: {exception.Message}");
                continue;
            }

            manifests.Add(manifest);
            if (torn.Contains(Path.GetFileName(clip)) && !manifest.Interrupted)
            {
                trial.Break("sealed", $"{Path.GetFileName(clip)} was cut off but its manifest is not marked interrupted");
            }

            CheckClip(trial, clip, manifest);
        }

        CheckChain(trial, manifests);

        string verified = recordings;
        if (foreign.Count > 0)
        {
            // The verifier judges the device's clips; the trial's own files are left out of a linked copy.
            verified = Directory.CreateDirectory(Path.Combine(workspace.Root, $"verify-{trial.Number}")).FullName;
            foreach (string file in Directory.GetFiles(recordings).Where(file => !foreign.Contains(Path.GetFileName(file))))
            {
                File.Copy(file, Path.Combine(verified, Path.GetFileName(file)), overwrite: true);
            }
        }

        var verification = EvidenceVerification.Run(trial.Environment, verified, workspace.StateDirectory);
        if (!verification.Passed)
        {
            trial.Break("evidence", $"bodycam verify exit {verification.ExitCode}: {verification.Failures}");
        }

        foreach (string clip in torn)
        {
            if (verification.InterruptedStatus.TryGetValue(clip, out string? status) && status != "Warning")
            {
                trial.Break("sealed", $"bodycam verify reports {clip} as interrupted={status}, not as cut off");
            }
        }

        if (foreign.Count > 0)
        {
            Directory.Delete(verified, recursive: true);
        }
    }

    private void CheckClip(Trial trial, string clip, Manifest manifest)
    {
        var info = new FileInfo(clip);
        if (_probed.TryGetValue(clip, out var seen) && seen == (info.Length, info.LastWriteTimeUtc))
        {
            return;
        }

        _probed[clip] = (info.Length, info.LastWriteTimeUtc);
        string? probed = Plaintext is null ? clip : Plaintext(trial, clip, manifest);
        if (probed is null)
        {
            return;
        }

        var probe = ClipProbe.Of(probed);
        string name = Path.GetFileName(clip);
        if (!probe.Opens)
        {
            trial.Break("clips", $"{name} does not open in ffprobe: {probe.Error}");
            return;
        }

        if (!probe.StartsOnKeyframe)
        {
            trial.Break("clips", $"{name} does not start on a keyframe");
        }

        var declared = manifest.GapSeconds.ToList();
        foreach (var (from, to) in probe.Gaps)
        {
            // A gap is declared when the manifest lists one of about its length.
            int match = declared.FindIndex(seconds => Math.Abs(seconds - (to - from)) <= Math.Max(0.25, 0.2 * seconds));
            if (match < 0)
            {
                trial.Break("clips", $"{name} jumps from {from:F3} s to {to:F3} s, a gap its manifest does not declare");
            }
            else
            {
                declared.RemoveAt(match);
            }
        }

        trial.Log($"probed {name}: {probe.VideoPackets} video packets, {probe.DurationSeconds:F2} s, {probe.Gaps.Count} gaps, manifest {manifest.Sequence}{(manifest.Interrupted ? " (interrupted)" : "")} {manifest.EndReason}");
    }

    private static void CheckChain(Trial trial, List<Manifest> manifests)
    {
        var ordered = manifests.OrderBy(manifest => manifest.Sequence).ToList();
        for (int index = 0; index < ordered.Count; index++)
        {
            var manifest = ordered[index];
            if (manifest.Sequence != index + 1)
            {
                trial.Break("chain", $"{Path.GetFileName(manifest.Path)} has number {manifest.Sequence} where {index + 1} belongs (a hole or a repeat)");
                return;
            }

            string? expected = index == 0 ? null : ordered[index - 1].FileSha256;
            if (manifest.PreviousSha256 != expected)
            {
                trial.Break("chain", $"{Path.GetFileName(manifest.Path)} names {manifest.PreviousSha256 ?? "no predecessor"}, not {expected ?? "none"}");
            }
        }
    }
}
