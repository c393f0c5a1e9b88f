// Real clips for the offload benches: H.264 made by ffmpeg from its test pattern (a different
// pattern per seed, so clips differ), fragmented MP4 as the camera writes, then copied per camera.
// Recordings built from them carry the MD5 the recorder would have computed while writing.
using System.Diagnostics;
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Benchmarks.Offload;

internal static class BenchClips
{
    /// <summary>A clip of about <paramref name="megabytes"/> MB: 720p30 at the bitrate that gives that size.</summary>
    public static string Make(string directory, int seed, double seconds, double megabytes)
    {
        var path = Path.Combine(directory, $"source-{seed}.mp4");
        var kbps = (int)(megabytes * 8000 / seconds);
        var patterns = new[] { "testsrc2", "smptehdbars", "testsrc", "rgbtestsrc", "yuvtestsrc" };
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
            "-i", $"{patterns[seed % patterns.Length]}=size=1280x720:rate=30", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-vf", $"noise=alls={10 + seed}:allf=t",
            "-c:v", "libx264", "-preset", "ultrafast", "-b:v", $"{kbps}k", "-maxrate", $"{kbps}k", "-bufsize", $"{kbps}k", "-g", "30",
            "-movflags", "+frag_keyframe+empty_moov+default_base_moof", path,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var ffmpeg = Process.Start(info)!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        if (ffmpeg.ExitCode != 0)
        {
            throw new InvalidOperationException("ffmpeg failed: " + error);
        }

        return path;
    }

    public static string Md5(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    /// <summary>A one-clip recording of a copy of <paramref name="source"/> (its MD5 known), as the camera would offload it.</summary>
    public static OffloadRecording Recording(string directory, string serial, string officer, DateTimeOffset trigger, int counter, string source, string md5)
    {
        var id = RecordingNames.Format(serial, trigger, counter);
        var clip = Path.Combine(directory, RecordingNames.ClipFileName(id, 1));
        File.Copy(source, clip, overwrite: true);
        var size = new FileInfo(clip).Length;
        return new OffloadRecording
        {
            RecordingId = id,
            DeviceSerial = serial,
            OfficerId = officer,
            FirmwareVersion = "bench",
            TriggerOn = new OffloadMoment("RecordButton", trigger),
            TriggerOff = new OffloadMoment("HoldToStop", trigger.AddMinutes(1)),
            Start = trigger.AddSeconds(-30),
            Stop = trigger.AddMinutes(1),
            Clips = [new OffloadClip(1, trigger.AddSeconds(-30), trigger.AddMinutes(1), new OffloadFile(clip, size, md5))],
        };
    }
}
