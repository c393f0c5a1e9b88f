// `bodycam run --virtual-gpio --rig` as a real process on 127.0.0.1 with the real capture
// pipeline: a rig with the token presses the record button through the control API and sees the
// device record and stop; without the token the API answers 401; without a token at all the
// device refuses to start and touches nothing.
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace BodyCamDevice.Device.Tests.Rig;

public class RigModeTests
{
    private const string Token = "rig-token-0123456789abcdef";
    private string _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    [Category("ffmpeg")]
    public async Task ARigWithTheTokenRecordsThroughTheControlApiAndTheClipVerifies()
    {
        using var bodycam = Bodycam.Start(
            ["run", "--virtual-gpio", "--camera", "testpattern", "--size", "320x240", "--state-dir", _state, "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"],
            new Dictionary<string, string?> { ["BODYCAM_RIG_TOKEN"] = Token });
        var line = bodycam.WaitForLine("Rig mode: control API on ", TimeSpan.FromSeconds(30));
        var url = new Uri(line[(line.IndexOf("http://", StringComparison.Ordinal))..].Split(' ')[0]);
        Assert.That(url.Host, Is.EqualTo("127.0.0.1"));

        using var anonymous = new HttpClient { BaseAddress = url };
        Assert.That((await anonymous.GetAsync("api/status")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        using var rig = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        rig.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await WaitForStateAsync(rig, "Buffering", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a second of pre-roll

        (await rig.PostAsJsonAsync("api/inputs/record/double-press", new { ms = 100, gapMs = 150 })).EnsureSuccessStatusCode();
        await WaitForStateAsync(rig, "Recording", TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await rig.PostAsJsonAsync("api/inputs/record/hold", new { ms = 3300 })).EnsureSuccessStatusCode();
        await WaitForStateAsync(rig, "Buffering", TimeSpan.FromSeconds(20));

        var recordings = Path.Combine(_state, "recordings");
        var manifest = await WaitForFileAsync(recordings, "*_clip01.json", TimeSpan.FromSeconds(20));
        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);

        var clip = Path.ChangeExtension(manifest, ".mp4");
        var (verifyExit, verifyOutput, verifyError) = Bodycam.Run(["verify", Path.GetDirectoryName(clip)!, "--state-dir", _state]);
        Assert.That(verifyExit, Is.Zero, verifyError);
        Assert.That(verifyOutput, Does.EndWith("ok: every check passed"));

        var audit = File.ReadAllText(Path.Combine(_state, "audit.jsonl"));
        Assert.That(audit, Does.Contain("\"gesture\":\"DoublePress\""));
        Assert.That(audit, Does.Contain("\"kind\":\"shutdown\""));
        Assert.That(audit, Does.Contain("\"kind\":\"checkpoint\",\"details\":{\"reason\":\"seal\""));
    }

    [Test]
    [Category("ffmpeg")]
    public async Task ARigSeesThePreRollBufferedByTheRealPipeline()
    {
        using var bodycam = Bodycam.Start(
            ["run", "--virtual-gpio", "--camera", "testpattern", "--size", "320x240", "--state-dir", _state, "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"],
            new Dictionary<string, string?> { ["BODYCAM_RIG_TOKEN"] = Token });
        var line = bodycam.WaitForLine("Rig mode: control API on ", TimeSpan.FromSeconds(30));
        using var rig = new HttpClient { BaseAddress = new Uri(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0]) };
        rig.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await WaitForStateAsync(rig, "Buffering", TimeSpan.FromSeconds(30));

        // The buffer fills on the camera's clock: at least a second of it within a few.
        double seconds = 0, target = 0;
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); seconds < 1 && clock.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(100))
        {
            using var status = JsonDocument.Parse(await rig.GetStringAsync("api/status"));
            var fill = status.RootElement.GetProperty("bufferFill");
            Assert.That(fill.ValueKind, Is.EqualTo(JsonValueKind.Object), "bufferFill comes from the capture pipeline, not null");
            (seconds, target) = (fill.GetProperty("seconds").GetDouble(), fill.GetProperty("targetSeconds").GetDouble());
        }

        Assert.That(seconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(target, Is.EqualTo(30), "the configured window (the defaults')");

        using var camera = JsonDocument.Parse(await rig.GetStringAsync("api/camera"));
        var root = camera.RootElement;
        Assert.That(root.GetProperty("camera").GetString(), Is.EqualTo("testpattern"));
        Assert.That(root.GetProperty("virtual").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("running").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("bufferedSeconds").GetDouble(), Is.GreaterThanOrEqualTo(1));
        Assert.That(root.GetProperty("bytesUsed").GetInt64(), Is.GreaterThan(0).And.LessThanOrEqualTo(root.GetProperty("byteCapacity").GetInt64()));
        Assert.That(root.GetProperty("processId").GetInt32(), Is.GreaterThan(0));

        using var preview = await rig.GetAsync("api/camera/preview.jpg");
        Assert.That(preview.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no stills of a device's camera over the network");

        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);
    }

    [Test]
    public void WithoutATokenRigModeRefusesToStartAndTouchesNothing()
    {
        var (exitCode, _, error) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state, "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Rig mode refused: no token"));
        Assert.That(error, Does.Contain("--rig-token-file").And.Contain("BODYCAM_RIG_TOKEN"));
        Assert.That(Directory.GetFileSystemEntries(_state), Is.Empty, "no audit log, no recordings: nothing was opened");
    }

    [TestCase("--rig-port", "70000", "--rig-port must be from 0 to 65535")]
    [TestCase("--rig-port", "-1", "--rig-port must be from 0 to 65535")]
    [TestCase("--rig-address", "rig.local", "--rig-address must be an IP address")]
    public void ARigAddressOrPortThatCannotBeServedIsABadCommandLine(string option, string value, string message)
    {
        var (exitCode, _, error) = Bodycam.Run(
            ["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state, "--rig", option, value],
            environment: new Dictionary<string, string?> { ["BODYCAM_RIG_TOKEN"] = Token });

        Assert.That(exitCode, Is.EqualTo(2), "exit 2, which systemd does not restart on; not 7 after opening the pins");
        Assert.That(error, Does.Contain(message));
        Assert.That(Directory.GetFileSystemEntries(_state), Is.Empty, "nothing was opened");
    }

    [Test]
    public void AShortTokenFromAFileIsRefused()
    {
        var tokenFile = Path.Combine(_state, "token");
        File.WriteAllText(tokenFile, "short-token\n");

        var (exitCode, _, error) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state, "--rig", "--rig-token-file", tokenFile]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("has 11 characters; at least 16 are needed"));
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

    private static async Task<string> WaitForFileAsync(string directory, string pattern, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Directory.Exists(directory) && Directory.GetFiles(directory, pattern) is [var found])
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no {pattern} in {directory} within {timeout.TotalSeconds} s");
        return null!;
    }
}
