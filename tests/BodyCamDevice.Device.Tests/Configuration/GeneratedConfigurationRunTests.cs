// The property "whatever `bodycam config check` accepts, the device runs and records a clip that
// `bodycam verify` accepts", end to end on a few generated configurations (fixed seeds; the same
// generator the firmware tests use in process on thousands): `config check` as a process, then
// `bodycam run --virtual-gpio --camera testpattern` with that file, a recording started and
// stopped through rig mode, the device stopped with SIGTERM, and the clip verified. Settings that
// name this machine's hardware (the Pi's encoder, an ffmpeg or video file) are left at their
// defaults; the camera itself is the test pattern, at a size every valid identity's watermark fits.
using System.Net.Http.Headers;
using System.Text.Json;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Tests.Configuration;

namespace BodyCamDevice.Device.Tests.Configuration;

[Category("ffmpeg")]
public class GeneratedConfigurationRunTests
{
    private const string Token = "rig-token-0123456789abcdef";
    private string _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    [TestCase(14)]
    [CancelAfter(120_000)]
    public async Task AGeneratedConfigurationThatConfigCheckAcceptsRecordsAVerifiableClip(int seed)
    {
        var generator = new ConfigurationGenerator(seed, _state) { PortableOnly = true };
        string json;
        DeviceOptions options;
        while (true)
        {
            json = generator.Next(changes: 6);
            try
            {
                options = DeviceOptionsJson.Parse(json);
                break;
            }
            catch (InvalidConfigurationException)
            {
            }
        }

        var recordings = Path.GetFullPath(options.Recording.Directory, _state);
        Assert.That(recordings, Does.StartWith(_state + "/"), "the run writes nowhere but its state directory");
        Assert.That(Path.GetFullPath(options.Audit.Path, _state), Does.StartWith(_state + "/"));
        var config = Path.Combine(_state, "bodycam.json");
        await File.WriteAllTextAsync(config, json);
        TestContext.Progress.WriteLine(json);
        var (checkExit, checkOutput, checkError) = Bodycam.Run(["config", "check", config]);
        Assert.That(checkExit, Is.Zero, checkError);
        Assert.That(checkOutput, Does.StartWith("ok: "));

        using var bodycam = Bodycam.Start(
            ["run", "--virtual-gpio", "--camera", "testpattern", "--size", "640x360", "--config", config, "--state-dir", _state, "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"],
            new Dictionary<string, string?> { ["BODYCAM_RIG_TOKEN"] = Token });
        var line = bodycam.WaitForLine("Rig mode: control API on ", TimeSpan.FromSeconds(30));
        using var rig = new HttpClient { BaseAddress = new Uri(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0]), Timeout = TimeSpan.FromSeconds(30) };
        rig.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        await WaitForStateAsync(rig, "Buffering", TimeSpan.FromSeconds(40));
        (await rig.PostAsync("api/recording/start", null)).EnsureSuccessStatusCode();
        await WaitForStateAsync(rig, "Recording", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await rig.PostAsync("api/recording/stop", null)).EnsureSuccessStatusCode();
        await WaitForStateAsync(rig, "Buffering", TimeSpan.FromSeconds(30));

        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(40)), Is.Zero, bodycam.Error);

        var clips = Directory.GetFiles(recordings, "*_clip01.mp4");
        Assert.That(clips, Has.Length.EqualTo(1), string.Join(", ", Directory.GetFiles(recordings).Select(Path.GetFileName)) + "\n" + File.ReadAllText(Path.GetFullPath(options.Audit.Path, _state)));
        var clip = clips[0];
        Assert.That(Path.GetFileName(clip), Does.StartWith(options.Identity.DeviceSerial + "_"));
        var (verifyExit, verifyOutput, verifyError) = Bodycam.Run(["verify", clip, "--state-dir", _state]);
        Assert.That(verifyExit, Is.Zero, verifyError);
        Assert.That(verifyOutput, Does.Contain("ok: every check passed"));
    }

    private static async Task WaitForStateAsync(HttpClient rig, string state, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < timeout)
        {
            using var status = JsonDocument.Parse(await rig.GetStringAsync("api/status"));
            last = status.RootElement.GetProperty("state").GetString();
            if (last == state)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"state {state} not reached within {timeout.TotalSeconds} s (last {last})");
    }
}
