// Power-cut behaviour of the whole device, not just its writer: the emulator runs as a process of
// its own (the firmware, which muxes the clips itself, and the camera's ffmpeg) in a process
// group of its own; one recording is made and sealed, a second is running, and SIGKILL takes the
// whole group at once. The cut clip must open in ffprobe holding everything but at most the last
// fragment, and the sealed recording must be byte for byte what its manifest vouches for.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Emulator.Tests.ControlApi;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Emulator.Tests.Capture;

[Category("ffmpeg")]
[NonParallelizable]
public partial class DeviceKillTests
{
    private const int FramesPerSecond = 30;
    private const double PreRecordSeconds = 2;

    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-kill-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    [CancelAfter(120_000)]
    public async Task SigkillOfTheDeviceAndItsFfmpegsLeavesAPlayableClipAndEarlierRecordingsIntact()
    {
        RequiredTools.RequireFfmpeg();
        using var device = DeviceProcess.Start(_directory);
        try
        {
            using var http = new HttpClient { BaseAddress = await device.ApiAddressAsync() };
            await WaitAsync(async () => (await http.GetJsonAsync<StatusView>("status")).State == "Buffering", "buffering");
            await WaitAsync(async () => (await http.GetJsonAsync<StatusView>("status")).BufferFill is { Seconds: >= PreRecordSeconds - 0.2 }, "the pre-record window filled");

            // Recording 1: made, stopped and sealed.
            await http.OkAsync(HttpMethod.Post, "recording/start");
            await WaitAsync(async () => (await http.GetJsonAsync<StatusView>("status")).State == "Recording", "recording 1");
            await Task.Delay(1500);
            await http.OkAsync(HttpMethod.Post, "recording/stop");
            await WaitAsync(() => Task.FromResult(Directory.GetFiles(_directory, "*_clip01.json").Length == 1), "recording 1 sealed");
            string sealedManifestPath = Directory.GetFiles(_directory, "*_clip01.json").Single();
            byte[] sealedManifestBytes = await File.ReadAllBytesAsync(sealedManifestPath);
            ClipManifest sealedManifest = ManifestJson.Parse(sealedManifestBytes);
            string sealedClip = Path.Combine(_directory, sealedManifest.File.Name);
            Assert.That(Sha256(sealedClip), Is.EqualTo(sealedManifest.File.Hash));
            await WaitAsync(async () => (await http.GetJsonAsync<StatusView>("status")).State == "Buffering", "back to buffering");

            // Recording 2: running when the power goes.
            await http.OkAsync(HttpMethod.Post, "recording/start");
            await WaitAsync(async () => (await http.GetJsonAsync<StatusView>("status")).State == "Recording", "recording 2");
            var flowing = Stopwatch.StartNew();
            await Task.Delay(3500);
            int[] groupBeforeKill = device.GroupMembers();
            Assert.That(groupBeforeKill, Has.Length.GreaterThanOrEqualTo(2), "the firmware and the camera's ffmpeg");
            double recordedSeconds = flowing.Elapsed.TotalSeconds;
            device.KillGroup();
            await device.WaitForGroupToVanishAsync();

            string cutClip = Directory.GetFiles(_directory, "*.mp4").Single(path => path != sealedClip);
            Assert.That(File.Exists(Path.ChangeExtension(cutClip, ".json")), Is.False, "no manifest: the recording was cut off");
            int frames = CountVideoFrames(cutClip);

            // The pre-roll plus what was recorded, less at most the fragment being built (1 s) and
            // what was still in the pipes; the clip starts at a keyframe up to a second before the
            // window, so it may also hold more.
            double expectedSeconds = PreRecordSeconds + recordedSeconds;
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cut clip: {frames} frames for about {expectedSeconds:0.0} s"));
            Assert.That(frames, Is.GreaterThanOrEqualTo((int)((expectedSeconds - 1.5) * FramesPerSecond)));

            Assert.That(Sha256(sealedClip), Is.EqualTo(sealedManifest.File.Hash), "the sealed recording is untouched");
            Assert.That(await File.ReadAllBytesAsync(sealedManifestPath), Is.EqualTo(sealedManifestBytes), "its manifest too");
        }
        finally
        {
            device.KillGroup();
        }
    }

    private static string Sha256(string path)
    {
        using FileStream file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    // Frames ffprobe can read from the (possibly cut) file.
    private static int CountVideoFrames(string path)
    {
        var probe = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-v", "error", "-select_streams", "v:0", "-count_packets", "-show_entries", "stream=nb_read_packets", "-of", "json", path })
        {
            probe.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(probe)!;
        string output = process.StandardOutput.ReadToEnd();
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, () => $"ffprobe could not open the cut clip: {errors}");
        using JsonDocument json = JsonDocument.Parse(output);
        return int.Parse(json.RootElement.GetProperty("streams")[0].GetProperty("nb_read_packets").GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    // The built emulator as a child process that leads a process group of its own (setsid), which
    // its ffmpeg children join, so one kill takes all of them, as a power cut would.
    private sealed partial class DeviceProcess : IDisposable
    {
        private readonly Process _process;
        private readonly TaskCompletionSource<Uri> _api = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _output = [];

        private DeviceProcess(Process process)
        {
            _process = process;
        }

        public static DeviceProcess Start(string recordings)
        {
            string emulator = Path.Combine(AppContext.BaseDirectory, "BodyCamDevice.Emulator.dll");
            var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (string argument in new[]
            {
                "dotnet", emulator, "--headless", "--port", "0", "--camera", "testpattern", "--size", "320x240",
                "--pre-record", PreRecordSeconds.ToString(CultureInfo.InvariantCulture), "--recordings", recordings,
            })
            {
                start.ArgumentList.Add(argument);
            }

            var device = new DeviceProcess(Process.Start(start)!);
            device._process.OutputDataReceived += (_, line) => device.OnLine(line.Data);
            device._process.ErrorDataReceived += (_, line) => device.OnLine(line.Data);
            device._process.BeginOutputReadLine();
            device._process.BeginErrorReadLine();
            return device;
        }

        public async Task<Uri> ApiAddressAsync()
        {
            Task finished = await Task.WhenAny(_api.Task, Task.Delay(TimeSpan.FromSeconds(30)));
            Assert.That(finished, Is.SameAs(_api.Task), () => "the emulator did not print its control API address:\n" + Output());
            return await _api.Task;
        }

        // Process ids in the device's process group (the leader's id is the group's).
        public int[] GroupMembers() =>
            [.. Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit))
                .Select(name => int.Parse(name!, CultureInfo.InvariantCulture)).Where(pid => GroupOf(pid) == _process.Id)];

        public void KillGroup()
        {
            using Process kill = Process.Start("kill", ["-KILL", "--", $"-{_process.Id}"])!;
            kill.WaitForExit();
        }

        public async Task WaitForGroupToVanishAsync()
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            for (int attempt = 0; attempt < 200 && GroupMembers().Length > 0; attempt++)
            {
                await Task.Delay(25);
            }

            Assert.That(GroupMembers(), Is.Empty, "every process of the device died with it");
        }

        public void Dispose() => _process.Dispose();

        private static int? GroupOf(int pid)
        {
            try
            {
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields[0] == "Z" ? null : int.Parse(fields[2], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return null;
            }
        }

        private void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.Add(line);
            }

            if (ApiLine().Match(line) is { Success: true } match)
            {
                _api.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        private string Output()
        {
            lock (_output)
            {
                return string.Join("\n", _output.TakeLast(30));
            }
        }

        [GeneratedRegex(@"control API: (http://127\.0\.0\.1:\d+/api/)")]
        private static partial Regex ApiLine();
    }
}
