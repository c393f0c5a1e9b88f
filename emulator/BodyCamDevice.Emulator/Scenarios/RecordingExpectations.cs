// expectRecording: a recording made since the scenario began is sealed (its final clip's manifest
// is on storage), and its manifests say what is asked: pre-roll (clip 1's preRollSeconds) of at
// least minPreRoll; noGap: no gap in any clip; cameraRestart: the outage of a camera failure as a
// CameraRestart gap, the recording going on in the clip after it; markers: how many, over all its
// clips; location: whether clip 1's locationAtTriggerOn has a fix; minTrackPoints: track points
// over all its clips. Manifests are read as the firmware's ClipManifest, the one format there is.
// The wait for the seal is on device time (virtual time included), `within` (default 30 s).
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class RecordingExpectations
{
    public static (string, Func<ScenarioContext, Task>) Compile(StepArguments args)
    {
        var minPreRoll = args.Get("minPreRoll") is null ? (TimeSpan?)null : args.Duration("minPreRoll");
        var noGap = args.Get("noGap") is not null && args.Flag("noGap");
        var cameraRestart = args.Get("cameraRestart") is not null && args.Flag("cameraRestart");
        if (noGap && cameraRestart)
        {
            throw args.Invalid("'noGap' and 'cameraRestart' cannot both hold");
        }

        var markers = args.OptionalWholeNumber("markers");
        var within = args.Get("within") is null ? TimeSpan.FromSeconds(30) : args.Duration("within");
        var location = args.Get("location");
        if (location is not (null or "fix" or "noFix"))
        {
            throw args.Invalid($"'location' must be fix or noFix, not '{location}'");
        }

        var minTrackPoints = args.OptionalWholeNumber("minTrackPoints");
        var what = "a new recording" + (minPreRoll is { } p ? $" with pre-roll ≥ {ActionSteps.Format(p)}" : "") + (noGap ? ", no gap" : "")
            + (cameraRestart ? ", a camera restart as a gap" : "") + (markers is { } m ? $", {m} marker(s)" : "")
            + (location is not null ? $", location at trigger: {location}" : "") + (minTrackPoints is { } t ? $", ≥ {t} track point(s)" : "");

        return (what, async context =>
        {
            IReadOnlyList<ClipManifest>? clips = null;
            await context.WaitForAsync(async () => (clips = NewestSealed(await context.Target.RecordingsAsync(), context.RecordingsBefore)) is not null, within);
            if (clips is null)
            {
                throw new ScenarioFailedException($"no new recording sealed in the recordings directory after {ActionSteps.Format(within)}");
            }

            var first = clips[0];
            var name = $"{first.RecordingId} ({clips.Count} clip(s))";
            if (markers is { } expected && clips.Sum(clip => clip.Markers.Count) is var seen && seen != expected)
            {
                throw new ScenarioFailedException($"{name} has {seen} marker(s)");
            }

            if (location is not null)
            {
                if (first.LocationAtTriggerOn is not { } on)
                {
                    throw new ScenarioFailedException($"{name}: its manifest has no locationAtTriggerOn (no GNSS receiver?)");
                }

                if (on.Fix != (location == "fix"))
                {
                    throw new ScenarioFailedException($"{name}: location at trigger {(on.Fix ? "has a fix" : $"has no fix ({on.Note})")}");
                }
            }

            if (minTrackPoints is { } wantedPoints)
            {
                var trackPoints = clips.Sum(clip => clip.Track?.Points.Count ?? 0);
                if (trackPoints < wantedPoints)
                {
                    throw new ScenarioFailedException(clips.All(clip => clip.Track is null) ? $"{name}: its manifests have no track" : $"{name} has {trackPoints} track point(s)");
                }
            }

            if (minPreRoll is { } wanted && first.PreRollSeconds < wanted.TotalSeconds)
            {
                throw new ScenarioFailedException($"{name} has {first.PreRollSeconds:0.###} s of pre-roll");
            }

            var gaps = clips.SelectMany(clip => clip.Gaps.Select(gap => (clip.ClipIndex, Gap: gap))).ToArray();
            if (noGap && gaps.Length > 0)
            {
                throw new ScenarioFailedException($"{name} has {gaps.Length} gap(s): {Describe(gaps)}");
            }

            if (cameraRestart && !gaps.Any(entry => entry.Gap.Cause == ManifestGap.CameraRestart && entry.ClipIndex > 1))
            {
                throw new ScenarioFailedException($"{name} shows no camera restart: gaps [{Describe(gaps)}], clips ending {string.Join(", ", clips.Select(clip => clip.EndReason))}");
            }
        });
    }

    // The clips of the newest recording (by its first clip's start) that appeared since the
    // scenario began and is sealed: its final clip's manifest is there. Null when there is none yet.
    private static IReadOnlyList<ClipManifest>? NewestSealed(IReadOnlyList<RecordingView> recordings, IReadOnlySet<string> before) =>
        recordings
            .Where(recording => !before.Contains(recording.Name) && recording.Manifest is not null)
            .Select(recording => recording.Manifest!)
            .GroupBy(manifest => manifest.RecordingId)
            .Where(recording => recording.Any(clip => clip.FinalClip))
            .Select(recording => recording.OrderBy(clip => clip.ClipIndex).ToArray())
            .Where(clips => clips[0].ClipIndex == 1 && clips.Select(clip => clip.ClipIndex).SequenceEqual(Enumerable.Range(1, clips.Length)))
            .MaxBy(clips => clips[0].Clip.StartEpochMs);

    private static string Describe(IEnumerable<(int ClipIndex, ManifestGap Gap)> gaps) =>
        string.Join("; ", gaps.Select(entry => $"clip {entry.ClipIndex}: {entry.Gap.Cause ?? "gap"} {entry.Gap.FromUtc} to {entry.Gap.ToUtc}, {entry.Gap.FrameCount} frame(s)"));
}
