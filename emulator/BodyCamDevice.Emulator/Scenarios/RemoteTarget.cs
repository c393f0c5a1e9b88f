// Runs a scenario against a control API over HTTP: an emulator elsewhere, or a device in rig
// mode (then with its bearer token). Time is the device's own and real; presses are timed on the
// device (the press endpoints answer after the release), not by this client's network latency.
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Scenarios;

internal sealed class RemoteTarget : IScenarioTarget
{
    private readonly HttpClient _http;

    public RemoteTarget(Uri baseUrl, string? token)
    {
        _http = new HttpClient { BaseAddress = new Uri(baseUrl, "api/"), Timeout = TimeSpan.FromMinutes(3) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        Description = $"control API at {baseUrl}";
    }

    public string Description { get; }

    public bool IsVirtualTime => false;

    public async Task<double> NowMsAsync() => (await StatusAsync()).T;

    public Task WaitAsync(TimeSpan duration) => Task.Delay(duration);

    public Task SetInputAsync(string input, bool active) => SendAsync(HttpMethod.Put, $"inputs/{input}", new LevelRequest(active));

    public Task PressAsync(string input, TimeSpan down) => SendAsync(HttpMethod.Post, $"inputs/{input}/press", new PressRequest(down.TotalMilliseconds));

    public Task DoublePressAsync(string input, TimeSpan down, TimeSpan gap) =>
        SendAsync(HttpMethod.Post, $"inputs/{input}/double-press", new PressRequest(down.TotalMilliseconds, gap.TotalMilliseconds));

    public Task RequestAsync(string action) => SendAsync(HttpMethod.Post, $"recording/{action}", null);

    public Task SetDockAsync(bool docked) => SendAsync(HttpMethod.Put, "dock", new DockRequest(docked));

    public Task SetBatteryAsync(int percent) => SendAsync(HttpMethod.Put, "battery", new BatteryRequest(percent));

    public Task SetFreeStorageAsync(long megabytes) => SendAsync(HttpMethod.Put, "storage", new StorageRequest(megabytes));

    public Task InjectCameraFaultAsync(string detail) => SendAsync(HttpMethod.Post, "camera/fault", new FaultRequest(detail));

    public Task RecoverCameraAsync() => SendAsync(HttpMethod.Post, "camera/recover", null);

    public Task SetGnssAsync(GnssRequest request) => SendAsync(HttpMethod.Put, "gnss", request);

    public Task SetRtcAsync(RtcRequest request) => SendAsync(HttpMethod.Put, "rtc", request);

    public Task<StatusView> StatusAsync() => GetAsync<StatusView>("status");

    public Task<OutputTraceView> TraceAsync(string output, double? sinceMs) =>
        GetAsync<OutputTraceView>(sinceMs is { } since ? $"outputs/{output}?since={since.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : $"outputs/{output}");

    public async Task<IReadOnlyList<ToneView>> TonesAsync() => await GetAsync<ToneView[]>("tones");

    public async Task<IReadOnlyList<AuditView>> AuditAsync(long afterSequence) => await GetAsync<AuditView[]>($"audit?after={afterSequence}");

    public async Task<IReadOnlyList<RecordingView>> RecordingsAsync() => await GetAsync<RecordingView[]>("recordings");

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<T> GetAsync<T>(string path)
    {
        using var response = await _http.GetAsync(path);
        await EnsureAsync(response, "GET", path);
        return (await response.Content.ReadFromJsonAsync<T>(ControlApiJson.Options))!;
    }

    private async Task SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: ControlApiJson.Options) };
        using var response = await _http.SendAsync(request);
        await EnsureAsync(response, method.Method, path);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string method, string path)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ScenarioFailedException($"{method} /api/{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
