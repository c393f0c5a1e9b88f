// Encoder producing garbage: the device's Camera.FfmpegPath names Device/garbage-encoder.py
// (installed as `ffmpeg` in the trial's folder), which runs the real ffmpeg and passes its MPEG-TS
// on to the device. Mid-recording the trial asks it (a file beside it) to damage the stream for
// 0.2–2.5 s: random bytes spliced in, random TS packets (random PIDs, PES headers with random
// timestamps, IDR slices without parameter sets) interleaved, bytes of the real packets
// overwritten, or runs of the stream dropped; then the stream goes on unharmed. The device must
// go on recording (or show the camera fault and recover), and every clip must still open, start on
// a keyframe and declare its gaps; the manifests must verify.
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class EncoderGarbageFault : RecordingFault
{
    private static readonly string[] Kinds = ["noise", "packets", "corrupt", "drop"];

    public override string Name => "encoder-garbage";

    public override string Description => "the camera's encoder output damaged for 0.2–2.5 s of a recording: random bytes, random TS packets, overwritten bytes or dropped runs";

    private static string EncoderFolder(DeviceSession session) => Path.Combine(session.Workspace.Root, "encoder");

    protected override Task PrepareAsync(Trial trial, DeviceSession session)
    {
        string folder = Directory.CreateDirectory(EncoderFolder(session)).FullName;
        string ffmpeg = Path.Combine(folder, "ffmpeg");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "garbage-encoder.py"), ffmpeg, overwrite: true);
        // The torture runs on Linux only (process groups, /proc, mounts).
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the torture runs on Linux");
        }

        File.SetUnixFileMode(ffmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        session.Workspace.WriteConfig(extraSections: $"\"Camera\": {{ \"FfmpegPath\": {System.Text.Json.JsonSerializer.Serialize(ffmpeg)} }}");
        return Task.CompletedTask;
    }

    protected override async Task InjectAsync(Trial trial, DeviceSession session)
    {
        string kind = Kinds[trial.Random.Next(Kinds.Length)];
        int milliseconds = trial.Random.Next(200, 2500);
        string folder = EncoderFolder(session);
        string trigger = Path.Combine(folder, "inject");
        string pending = trigger + ".new";

        // Written beside it and renamed, so the encoder never reads half a line.
        File.WriteAllText(pending, $"{kind} {milliseconds} {trial.Random.Next()}\n");
        File.Move(pending, trigger);
        trial.Log($"garbage: {kind} for {milliseconds} ms");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (File.Exists(trigger) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        if (File.Exists(trigger))
        {
            trial.Break("trial", "the garbage encoder did not take the injection within 10 s (no encoder running?)");
            return;
        }

        await Task.Delay(milliseconds + 200);
        string log = Path.Combine(folder, "injected.log");
        trial.Log("encoder: " + (File.Exists(log) ? File.ReadAllText(log).Trim().Replace('\n', ';') : "no log"));
    }
}
