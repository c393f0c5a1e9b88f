// The CAST power-loss rule: a recording cut off mid-clip must be recoverable up to the moment
// it stopped, and every earlier recording must be untouched. A helper process records a stream
// fed in real time, as a camera would, and is killed with SIGKILL (its whole process group) in
// the middle of its second clip; then ffprobe must read the cut clip with all but at most one
// fragment of what was fed, and the first clip must be byte for byte what was sealed. The test
// waits for the helper's reports line by line (not on a timer) and kills it on the one it needs.
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
    // Frames fed but not in the file besides the fragment being built: the few the writer had
    // not yet taken from the buffer when the process died (it polls every 5 ms).
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
        using var arrived = new SemaphoreSlim(0);
        using Process helper = StartHelper(transportStream, clips, lines, arrived);
        try
        {
            // Wait until clip 1 is sealed and clip 2 has two fragments on storage.
            await WaitForAsync(lines, arrived, () => Durable(lines, clip: 2).Count >= 3);
            string clip1 = Directory.GetFiles(clips, "*_clip01.mp4").Single();
            string sealedDigest = MediaTools.Sha256Sum(clip1);
            long fedBeforeKill = lines.Count(line => line.StartsWith("fed ", StringComparison.Ordinal));
            KillProcessGroup(helper.Id);
            await helper.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That(ProcessGroupIsGone(helper.Id), Is.True, "nothing of the recording outlived the kill");

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

    // Every line the helper writes goes into lines, and arrived is released once per line;
    // extra: the helper's optional arguments (state directory, the evidence store's public key).
    internal static Process StartHelper(string transportStream, string clips, ConcurrentQueue<string> lines, SemaphoreSlim arrived, params string[] extra)
    {
        string helper = BuildHelper();

        // setsid: the helper leads a process group of its own, so one kill takes the helper and
        // anything it started, as a power cut would.
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
                arrived.Release();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lines.Enqueue("stderr " + line.Data);
                arrived.Release();
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

    // Checks the condition at every line the helper writes, until it holds.
    internal static async Task WaitForAsync(ConcurrentQueue<string> lines, SemaphoreSlim arrived, Func<bool> condition)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            Assert.That(lines.Any(line => line.StartsWith("stderr ", StringComparison.Ordinal)), Is.False, () => string.Join("\n", lines));
            try
            {
                await arrived.WaitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("the helper did not get there:\n" + string.Join("\n", lines.TakeLast(20)));
            }
        }
    }

    internal static void KillProcessGroup(int leader) =>
        Process.Start("kill", ["-KILL", "--", $"-{leader}"])!.WaitForExit();

    // The helper (reaped by WaitForExitAsync) leads its group; a member left over would answer kill -0.
    internal static bool ProcessGroupIsGone(int leader)
    {
        using Process check = Process.Start(new ProcessStartInfo("kill", ["-0", "--", $"-{leader}"]) { RedirectStandardError = true })!;
        check.WaitForExit();
        return check.ExitCode != 0;
    }
}
