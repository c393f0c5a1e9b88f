// expectRecording: a new clip appeared in the recordings directory since the scenario began, and
// its manifest says what is asked. Location (locationAtTriggerOn's fix) and the number of track
// points are read from the GNSS fields both pipelines write. Pre-roll and gaps are read from the capture pipeline's
// manifest fields when present — any number field whose name starts with "preRoll" (seconds, or
// milliseconds when it ends in "Ms"), and "gaps" (a list) or "gapCount". The emulator's stand-in
// writes neither: the check then passes on the clip's existence and says what it could not check.
// Clips are encoded in real time, so this waits on the real clock, even on virtual time.
using System.Globalization;
using System.Text.Json;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class RecordingExpectations
{
    public static (string, Func<ScenarioContext, Task>) Compile(StepArguments args)
    {
        var minPreRoll = args.Get("minPreRoll") is null ? (TimeSpan?)null : args.Duration("minPreRoll");
        var noGap = args.Get("noGap") is not null && args.Flag("noGap");
        var markers = args.OptionalWholeNumber("markers");
        var within = args.Get("within") is null ? TimeSpan.FromSeconds(30) : args.Duration("within");
        var location = args.Get("location");
        if (location is not (null or "fix" or "noFix"))
        {
            throw args.Invalid($"'location' must be fix or noFix, not '{location}'");
        }

        var minTrackPoints = args.OptionalWholeNumber("minTrackPoints");
        var what = "a new recording" + (minPreRoll is { } p ? $" with pre-roll ≥ {ActionSteps.Format(p)}" : "") + (noGap ? ", no gap" : "") + (markers is { } m ? $", {m} marker(s)" : "")
            + (location is not null ? $", location at trigger: {location}" : "") + (minTrackPoints is { } t ? $", ≥ {t} track point(s)" : "");

        return (what, async context =>
        {
            var recording = await NewestNewAsync(context, within)
                ?? throw new ScenarioFailedException($"no new clip in the recordings directory after {ActionSteps.Format(within)} (is ffmpeg installed for the emulator's stand-in clips?)");
            var manifest = recording.Manifest;
            if (markers is { } expected)
            {
                var seen = manifest is { } m && m.TryGetProperty("markers", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : -1;
                if (seen != expected)
                {
                    throw new ScenarioFailedException(seen < 0 ? $"{recording.Name} has no manifest markers list" : $"{recording.Name} has {seen} marker(s)");
                }
            }

            if (location is not null)
            {
                var on = manifest is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("locationAtTriggerOn", out var value) && value.ValueKind == JsonValueKind.Object ? value : (JsonElement?)null;
                if (on is not { } sample)
                {
                    throw new ScenarioFailedException($"{recording.Name}: its manifest has no locationAtTriggerOn (no GNSS receiver?)");
                }

                var hasFix = sample.GetProperty("fix").GetBoolean();
                if (hasFix != (location == "fix"))
                {
                    throw new ScenarioFailedException($"{recording.Name}: location at trigger {(hasFix ? "has a fix" : $"has no fix ({sample.GetProperty("note").GetString()})")}");
                }
            }

            if (minTrackPoints is { } wantedPoints)
            {
                var count = manifest is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("track", out var track) && track.ValueKind == JsonValueKind.Object
                    ? track.GetProperty("points").GetArrayLength()
                    : -1;
                if (count < wantedPoints)
                {
                    throw new ScenarioFailedException(count < 0 ? $"{recording.Name}: its manifest has no track" : $"{recording.Name} has {count} track point(s)");
                }
            }

            if (minPreRoll is { } wanted)
            {
                if (PreRoll(manifest) is { } preRoll)
                {
                    if (preRoll < wanted)
                    {
                        throw new ScenarioFailedException($"{recording.Name} has {preRoll.TotalSeconds:0.###} s of pre-roll");
                    }
                }
                else
                {
                    context.Notes.Add($"{recording.Name}: pre-roll not checked, its manifest has no preRoll field (stand-in pipeline)");
                }
            }

            if (noGap)
            {
                if (Gaps(manifest) is { } gaps)
                {
                    if (gaps > 0)
                    {
                        throw new ScenarioFailedException($"{recording.Name} has {gaps} gap(s)");
                    }
                }
                else
                {
                    context.Notes.Add($"{recording.Name}: gaps not checked, its manifest has no gaps field (stand-in pipeline)");
                }
            }
        });
    }

    private static async Task<RecordingView?> NewestNewAsync(ScenarioContext context, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var fresh = (await context.Target.RecordingsAsync()).FirstOrDefault(recording => !context.RecordingsBefore.Contains(recording.Name));
            if (fresh is not null || DateTime.UtcNow >= deadline)
            {
                return fresh;
            }

            await Task.Delay(100);
        }
    }

    private static TimeSpan? PreRoll(JsonElement? manifest)
    {
        if (manifest is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        foreach (var property in root.EnumerateObject().Where(p => p.Name.StartsWith("preRoll", StringComparison.OrdinalIgnoreCase)))
        {
            var milliseconds = property.Name.EndsWith("Ms", StringComparison.Ordinal);
            if (property.Value.ValueKind == JsonValueKind.Number)
            {
                var value = property.Value.GetDouble();
                return milliseconds ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);
            }

            if (property.Value.ValueKind == JsonValueKind.String && TimeSpan.TryParse(property.Value.GetString(), CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    private static int? Gaps(JsonElement? manifest)
    {
        if (manifest is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        if (root.TryGetProperty("gaps", out var gaps) && gaps.ValueKind == JsonValueKind.Array)
        {
            return gaps.GetArrayLength();
        }

        return root.TryGetProperty("gapCount", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : null;
    }
}
