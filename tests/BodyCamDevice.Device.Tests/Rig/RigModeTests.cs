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
    public void WithoutATokenRigModeRefusesToStartAndTouchesNothing()
    {
        var (exitCode, _, error) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "standin", "--state-dir", _state, "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Rig mode refused: no token"));
        Assert.That(error, Does.Contain("--rig-token-file").And.Contain("BODYCAM_RIG_TOKEN"));
        Assert.That(Directory.GetFileSystemEntries(_state), Is.Empty, "no audit log, no recordings: nothing was opened");
    }

    [Test]
    public void AShortTokenFromAFileIsRefused()
    {
        var tokenFile = Path.Combine(_state, "token");
        File.WriteAllText(tokenFile, "short-token\n");

        var (exitCode, _, error) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "standin", "--state-dir", _state, "--rig", "--rig-token-file", tokenFile]);

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
