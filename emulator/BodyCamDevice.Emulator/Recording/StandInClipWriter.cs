// EMULATOR-ONLY STAND-IN. Writes one recording into the recordings directory as the capture
// pipeline will: <name>.mp4 (fragmented MP4, H.264) and <name>.mp4.json (manifest). The video is
// ffmpeg's lavfi testsrc2 pattern for the recording's length, capped at MaxClip so hours of
// virtual time do not take hours of encoding. The manifest is written first and the clip is
// renamed into place last, so a listed .mp4 is always complete.
// The manifest has no "preRollSeconds" or "gaps": the stand-in has no pre-record buffer, and
// checks that read those fields say they could not be made.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Emulator.Recording;

internal sealed class StandInClipWriter(string directory, string deviceSerial, string officerId, Action<string>? note = null)
{
    public static readonly TimeSpan MaxClip = TimeSpan.FromSeconds(30);

    /// <summary>The ffmpeg on PATH, or null when there is none (no clips are written then).</summary>
    public static string? FindFfmpeg() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "ffmpeg"))
            .FirstOrDefault(File.Exists);

    public async Task WriteAsync(StandInClip clip)
    {
        var ffmpeg = FindFfmpeg();
        if (ffmpeg is null)
        {
            note?.Invoke($"ffmpeg not found: no stand-in clip for {clip.RecordingId}");
            return;
        }

        var duration = clip.Stop - clip.Start;
        var clipLength = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds, 1, MaxClip.TotalSeconds));
        var name = $"{clip.Start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{clip.RecordingId}.mp4";
        var final = Path.Combine(directory, name);
        var partial = final + ".part";

        await File.WriteAllTextAsync(final + ".json", Manifest(clip, duration, clipLength));
        var exitCode = await RunAsync(ffmpeg, partial, clipLength);
        if (exitCode != 0 || !File.Exists(partial))
        {
            note?.Invoke($"ffmpeg failed (exit {exitCode}): no stand-in clip for {clip.RecordingId}");
            File.Delete(partial);
            return;
        }

        File.Move(partial, final, overwrite: false);
        note?.Invoke($"stand-in clip {name} ({clipLength.TotalSeconds:0.#} s test pattern)");
    }

    private static async Task<int> RunAsync(string ffmpeg, string output, TimeSpan length)
    {
        var start = new ProcessStartInfo(ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=15",
            "-t", length.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "15",
            "-movflags", "+frag_keyframe+empty_moov+default_base_moof",
            "-f", "mp4", "-y", output,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var drainErrors = process.StandardError.ReadToEndAsync();
        var drainOutput = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(drainErrors, drainOutput);
        return process.ExitCode;
    }

    private string Manifest(StandInClip clip, TimeSpan duration, TimeSpan clipLength) => JsonSerializer.Serialize(new
    {
        recordingId = clip.RecordingId,
        deviceSerial,
        officerId,
        startUtc = Utc(clip.Start),
        stopUtc = Utc(clip.Stop),
        durationSeconds = Math.Round(duration.TotalSeconds, 3),
        trigger = clip.Trigger,
        stopReason = clip.StopReason,
        markers = clip.Markers.Select(marker => new
        {
            utc = Utc(marker.Time),
            offsetSeconds = Math.Round((marker.Time - clip.Start).TotalSeconds, 3),
            source = marker.Source,
        }),
        locationAtTriggerOn = ManifestJson.Location(clip.LocationAtTriggerOn),
        locationAtTriggerOff = ManifestJson.Location(clip.LocationAtTriggerOff),
        track = clip.Track is { } track ? new { points = track.Select(point => ManifestJson.Location(point)), droppedPoints = 0 } : null,
        standIn = true,
        clip = new
        {
            generator = "emulator stand-in: ffmpeg lavfi testsrc2, no camera, no pre-roll",
            durationSeconds = Math.Round(clipLength.TotalSeconds, 3),
            truncated = duration - clipLength > TimeSpan.FromMilliseconds(1),
        },
    }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
