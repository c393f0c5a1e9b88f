// `bodycam run --virtual-gpio --rig` as a real process recording the test pattern, for the
// evidence tests: started with a configuration and a state directory, driven through the control
// API (start and stop a recording), stopped with SIGTERM as systemd does, or killed with SIGKILL
// (its whole process tree, the camera's ffmpeg with it) as a power cut would.
using System.Net.Http.Headers;
using System.Text.Json;

namespace BodyCamDevice.Device.Tests.Evidence;

internal sealed class RecordingRig : IDisposable
{
    private const string Token = "rig-token-0123456789abcdef";

    private RecordingRig(Bodycam bodycam, HttpClient api)
    {
        Bodycam = bodycam;
        Api = api;
    }

    public Bodycam Bodycam { get; }

    public HttpClient Api { get; }

    public static async Task<RecordingRig> StartAsync(string config, string state)
    {
        var bodycam = Bodycam.Start(
            ["run", "--virtual-gpio", "--camera", "testpattern", "--size", "320x240", "--config", config, "--state-dir", state,
             "--rig", "--rig-address", "127.0.0.1", "--rig-port", "0"],
            new Dictionary<string, string?> { ["BODYCAM_RIG_TOKEN"] = Token });
        string line = bodycam.WaitForLine("Rig mode: control API on ", TimeSpan.FromSeconds(30));
        var api = new HttpClient { BaseAddress = new Uri(line[line.IndexOf("http://", StringComparison.Ordinal)..].Split(' ')[0]), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var rig = new RecordingRig(bodycam, api);
        await rig.WaitForStateAsync("Buffering");
        return rig;
    }

    // Starts a recording and waits until it really records (footage on storage).
    public async Task StartRecordingAsync()
    {
        (await Api.PostAsync("api/recording/start", null)).EnsureSuccessStatusCode();
        await WaitForStateAsync("Recording");
    }

    public async Task RecordAsync(TimeSpan length)
    {
        await StartRecordingAsync();
        await Task.Delay(length);
        (await Api.PostAsync("api/recording/stop", null)).EnsureSuccessStatusCode();
        await WaitForStateAsync("Buffering");
    }

    public void Stop()
    {
        Bodycam.Terminate();
        Assert.That(Bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, () => $"Output:\n{Bodycam.Output}\nErrors:\n{Bodycam.Error}");
    }

    public async Task WaitForStateAsync(string state)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var status = JsonDocument.Parse(await Api.GetStringAsync("api/status"));
            last = status.RootElement.GetProperty("state").GetString();
            if (last == state)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"state {state} not reached within 30 s (last {last})");
    }

    public static string Config(string directory, string name, string? storePublicKey)
    {
        string encryption = storePublicKey is null
            ? "\"Encryption\": { \"Enabled\": false }"
            : $"\"Encryption\": {{ \"Enabled\": true, \"PublicKey\": {JsonSerializer.Serialize(File.ReadAllText(storePublicKey))}, \"PublicKeyId\": \"store-key-1\" }}";
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, $$"""
            {
              "Identity": { "DeviceSerial": "BC-000042", "OfficerId": "4711" },
              "Recording": { "Directory": "recordings", "PreRecord": "00:00:02", "ReserveMegabytes": 1, "NearFullFraction": 0 },
              "Audit": { "Path": "audit.jsonl" },
              {{encryption}}
            }
            """);
        return path;
    }

    // Disposing a rig that is still running kills it with SIGKILL, its whole tree.
    public void Dispose()
    {
        Api.Dispose();
        Bodycam.Dispose();
    }
}
