// Recordings on disk as the recorder leaves them, for the offload to send: real MP4 clips made by
// ffmpeg (once per run, then copied), each with a manifest beside it written through ManifestJson,
// mapped through ManifestOffloadMapping with the MD5 of each clip (what Md5Stage computes while
// writing). Each test gets its own officer ID, so its containers are its own.
using System.Diagnostics;
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Offload.Tests;

internal sealed class TestRecordings : IDisposable
{
    private static readonly Lazy<string> SmallClip = new(() => MakeClip("small", seconds: 2, bitrate: "300k"));
    private static readonly Lazy<string> LargeClip = new(() => MakeClip("large", seconds: 3, bitrate: "12M"));

    public TestRecordings(string? officer = null)
    {
        Officer = officer ?? "T" + Guid.NewGuid().ToString("N")[..10];
    }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("bodycam-offload-").FullName;

    public string Journal => Path.Combine(Directory, "journal");

    public string Officer { get; }

    public string Serial { get; } = "BC-" + Random.Shared.Next(100000, 999999);

    /// <param name="trigger">The trigger time (UTC); the first clip starts 5 s before it (pre-roll).</param>
    public OffloadRecording Make(DateTimeOffset trigger, int clips = 1, bool large = false, IReadOnlyList<StoreCategory>? categories = null, int counter = 1, bool gnss = false)
    {
        var recordingId = RecordingNames.Format(Serial, trigger, counter);
        var recorded = new List<RecordedClip>();
        var start = trigger.AddSeconds(-5);
        for (var index = 1; index <= clips; index++)
        {
            var clipPath = Path.Combine(Directory, RecordingNames.ClipFileName(recordingId, index));
            File.Copy(large ? LargeClip.Value : SmallClip.Value, clipPath);
            var bytes = File.ReadAllBytes(clipPath);
            var stop = start.AddSeconds(10);
            var final = index == clips;
            var manifest = Manifest(recordingId, index, final, clipPath, bytes, trigger, start, stop, gnss);
            var manifestPath = Path.Combine(Directory, RecordingNames.ManifestFileName(recordingId, index));
            ManifestJson.WriteAtomically(manifestPath, manifest);
            recorded.Add(new RecordedClip(clipPath, manifest, Convert.ToHexStringLower(MD5.HashData(bytes)), manifestPath));
            start = stop;
        }

        return ManifestOffloadMapping.Map(recorded, categories);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private ClipManifest Manifest(string recordingId, int index, bool final, string clipPath, byte[] bytes, DateTimeOffset trigger, DateTimeOffset start, DateTimeOffset stop, bool gnss)
    {
        ManifestLocation? Fix(DateTimeOffset at, double offset) => gnss
            ? new ManifestLocation(true, "Fix", 55.7184 + offset, 13.2211 + offset, 40, 9, 0.9, ManifestJson.Utc(at), ManifestJson.Utc(at), 0.2, null)
            : null;
        return new ClipManifest
        {
            RecordingId = recordingId,
            ClipIndex = index,
            FinalClip = final,
            EndReason = final ? "Stopped" : "Split",
            File = new ManifestFile(Path.GetFileName(clipPath), bytes.Length, Sha256Stage.AlgorithmName, Convert.ToHexStringLower(SHA256.HashData(bytes)), "mp4") { Md5 = Convert.ToHexStringLower(MD5.HashData(bytes)) },
            Device = new ManifestDevice(Serial, "0.1.0-test"),
            OfficerId = Officer,
            TriggerOn = ManifestJson.Event("RecordButton", trigger),
            TriggerOff = final ? ManifestJson.Event("HoldToStop", stop) : null,
            Clip = new ManifestSpan(ManifestJson.Utc(start), start.ToUnixTimeMilliseconds(), ManifestJson.Utc(stop), stop.ToUnixTimeMilliseconds(), 10),
            PreRollSeconds = index == 1 ? 5 : 0,
            PreRollAudio = false,
            Frames = new ManifestFrames(0, 299, 300, 0, 0, 0, 0, 0, 0, 0, []),
            Markers = index == 1 ? [ManifestJson.Event("RecordButton", trigger.AddSeconds(2))] : [],
            Gaps = [],
            Muxer = new ManifestMuxer("bodycam", []),
            ManifestWrittenUtc = ManifestJson.Utc(stop),
            LocationAtTriggerOn = Fix(trigger, 0),
            LocationAtTriggerOff = final ? Fix(stop, 0.001) : null,
            Track = gnss ? new ManifestTrack([Fix(start.AddSeconds(2), 0.0002)!, Fix(start.AddSeconds(7), 0.0004)!], 0) : null,
        };
    }

    private static string MakeClip(string name, int seconds, string bitrate)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bodycam-offload-{name}-{Environment.ProcessId}.mp4");
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size=640x360:rate=30:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-b:v", bitrate, "-g", "30",
            "-movflags", "+frag_keyframe+empty_moov+default_base_moof", path,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var ffmpeg = Process.Start(info)!;
        var error = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.That(ffmpeg.ExitCode, Is.Zero, error);
        return path;
    }
}
