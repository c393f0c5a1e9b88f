// The CAST power-loss rule: a recording cut off mid-clip must be recoverable up to the moment
// it stopped, and every earlier recording must be untouched. A helper process records a stream
// in real time and is killed with SIGKILL (its whole process group, ffmpeg included) in the
// middle of its second clip; then ffprobe must read the cut clip with all but at most one
// fragment of what was fed, and the first clip must be byte for byte what was sealed.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

[Category("ffmpeg")]
[NonParallelizable]
public class RecordingCrashTests
{
    // Frames the muxer may hold unwritten besides the fragment it is building: the one its
    // demuxer keeps until the next unit starts, and what sits in the pipes and the reader.
    private const int PipelineSlack = 3;

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-crash-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task A_recording_killed_mid_clip_keeps_all_but_the_last_fragment_and_earlier_clips_intact()
    {
        EncodedStream stream = MediaTools.Encode(12);
        string transportStream = Path.Combine(_directory, "camera.ts");
        await File.WriteAllBytesAsync(transportStream, [.. stream.Pat, .. stream.Pmt, .. stream.Units.SelectMany(unit => unit.Packets)]);
        string clips = Directory.CreateDirectory(Path.Combine(_directory, "recordings")).FullName;

        var lines = new ConcurrentQueue<string>();
        using Process helper = StartHelper(transportStream, clips, lines);
        try
        {
            // Wait until clip 1 is sealed and clip 2 has two fragments on storage.
            await WaitForAsync(lines, () => Durable(lines, clip: 2).Count >= 3);
            string clip1 = Directory.GetFiles(clips, "*_clip01.mp4").Single();
            string sealedDigest = MediaTools.Sha256Sum(clip1);
            long fedBeforeKill = lines.Count(line => line.StartsWith("fed ", StringComparison.Ordinal));
            KillProcessGroup(helper.Id);
            await helper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That(await ProcessGroupIsGoneAsync(helper.Id), Is.True, "ffmpeg died with the recording");

            string clip2 = Directory.GetFiles(clips, "*_clip02.mp4").Single();
            ClipManifest manifest1 = ManifestJson.Parse(File.ReadAllBytes(Path.ChangeExtension(clip1, ".json")));
            long durable = Durable(lines, clip: 2).Max();
            long[] fed = [.. lines.Where(line => line.StartsWith("fed ", StringComparison.Ordinal))
                .Select(line => long.Parse(line[4..], CultureInfo.InvariantCulture))
                .Where(sequence => sequence >= manifest1.Frames.FirstSequence)];
            Assert.That(fed, Has.Length.LessThanOrEqualTo(fedBeforeKill));

            // Earlier clip: untouched, and its manifest still vouches for it.
            Assert.That(MediaTools.Sha256Sum(clip1), Is.EqualTo(sealedDigest));
            Assert.That(manifest1.File.Hash, Is.EqualTo(sealedDigest));

            // The cut clip plays, and so does the part that was synced (what a power cut leaves).
            string durablePart = Path.Combine(_directory, "durable-part.mp4");
            await using (FileStream source = File.OpenRead(clip2))
            await using (FileStream target = File.Create(durablePart))
            {
                Assert.That(source.Length, Is.GreaterThanOrEqualTo(durable));
                byte[] prefix = new byte[durable];
                source.ReadExactly(prefix);
                target.Write(prefix);
            }

            int inClip2 = MediaTools.Probe(clip2).Of("video").Count;
            int inDurablePart = MediaTools.Probe(durablePart).Of("video").Count;
            long recordedFrames = manifest1.Frames.VideoFrames + inClip2;
            TestContext.Out.WriteLine($"fed {fed.Length} video frames; clip 1 {manifest1.Frames.VideoFrames}, clip 2 {inClip2} ({inDurablePart} synced)");
            Assert.That(inDurablePart, Is.GreaterThan(MediaTools.KeyframeInterval), "at least the fragments reported durable");
            Assert.That(inClip2, Is.GreaterThanOrEqualTo(inDurablePart));
            Assert.That(fed.Length - (manifest1.Frames.VideoFrames + inDurablePart), Is.InRange(0, MediaTools.KeyframeInterval + PipelineSlack),
                "a power cut loses at most the fragment being built");
            Assert.That(fed.Length - recordedFrames, Is.InRange(0, MediaTools.KeyframeInterval + PipelineSlack));
        }
        finally
        {
            if (!helper.HasExited)
            {
                KillProcessGroup(helper.Id);
            }
        }
    }

    // extra: the helper's optional arguments (state directory, the evidence store's public key).
    internal static Process StartHelper(string transportStream, string clips, ConcurrentQueue<string> lines, params string[] extra)
    {
        string helper = BuildHelper();

        // setsid: the helper leads a process group of its own, which ffmpeg joins, so one
        // kill takes both, as a power cut would.
        var startInfo = new ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["dotnet", helper, transportStream, clips, "3", "4", .. extra])
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lines.Enqueue(line.Data);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lines.Enqueue("stderr " + line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // The helper is in the solution but referenced by no project, so it is built here, in the
    // configuration of the tests, next to which its output lands.
    private static string BuildHelper()
    {
        string testOutput = AppContext.BaseDirectory;
        string configuration = new DirectoryInfo(testOutput).Parent!.Name;
        string root = testOutput;
        while (!File.Exists(Path.Combine(root, "BodyCamDevice.sln")))
        {
            root = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root)) ?? throw new InvalidOperationException("BodyCamDevice.sln not found above " + testOutput);
        }

        string project = Path.Combine(root, "tests", "BodyCamDevice.CrashHelper", "BodyCamDevice.CrashHelper.csproj");
        FfmpegTool.Run("dotnet", ["build", project, "-c", configuration, "-nologo", "-v", "q"]);
        return Path.Combine(root, "tests", "BodyCamDevice.CrashHelper", "bin", configuration, "net10.0", "BodyCamDevice.CrashHelper.dll");
    }

    internal static List<long> Durable(IEnumerable<string> lines, int clip) =>
        [.. lines.Select(line => line.Split(' '))
            .Where(parts => parts[0] == "durable" && parts[1] == clip.ToString(CultureInfo.InvariantCulture))
            .Select(parts => long.Parse(parts[2], CultureInfo.InvariantCulture))];

    internal static async Task WaitForAsync(ConcurrentQueue<string> lines, Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), () => "the helper did not get there:\n" + string.Join("\n", lines.TakeLast(20)));
            Assert.That(lines.Any(line => line.StartsWith("stderr ", StringComparison.Ordinal)), Is.False, () => string.Join("\n", lines));
            await Task.Delay(20);
        }
    }

    internal static void KillProcessGroup(int leader) =>
        Process.Start("kill", ["-KILL", "--", $"-{leader}"])!.WaitForExit();

    // A killed child lingers as a zombie until init reaps it; give that a moment.
    internal static async Task<bool> ProcessGroupIsGoneAsync(int leader)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            using Process check = Process.Start(new ProcessStartInfo("kill", ["-0", "--", $"-{leader}"]) { RedirectStandardError = true })!;
            await check.WaitForExitAsync();
            if (check.ExitCode != 0)
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}
