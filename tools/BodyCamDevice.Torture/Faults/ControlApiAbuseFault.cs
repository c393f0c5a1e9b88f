// The control API under abuse (rig mode): malformed JSON, 10 MB bodies, missing, wrong and
// almost-right tokens, path traversal towards the device key and the audit log, and slow clients
// holding connections open while the rig keeps working. Every answer must be the documented
// refusal (400, 401, 404, 405, 413, 415; never a 5xx, never the key), the API must keep answering
// a legitimate client within 2 s, and the device must stay Buffering, record when asked, and end
// cleanly.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class ControlApiAbuseFault : Fault
{
    private static readonly HttpStatusCode[] Refusals =
        [HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed, HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.UnsupportedMediaType];

    public override string Name => "control-api";

    public override string Description => "malformed JSON, 10 MB bodies, bad tokens, path traversal and 40 slow clients against the rig API";

    public override async Task RunTrialAsync(Trial trial)
    {
        var session = new DeviceSession(trial.Environment, $"{Name}-{trial.Number:D3}");
        var slow = new List<TcpClient>();
        try
        {
            if (!await session.StartAsync(trial, new DeviceLaunch()))
            {
                return;
            }

            var device = session.Device!;
            Uri address = device.Api.BaseAddress!;
            slow.AddRange(await SlowClientsAsync(address, 40));
            using var stranger = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
            var random = trial.Random;
            for (int attack = 0; attack < 60; attack++)
            {
                var (name, request) = Attack(random, address);
                HttpResponseMessage answer;
                try
                {
                    answer = await (request.Headers.Authorization is null && name.StartsWith("token", StringComparison.Ordinal) ? stranger : device.Api).SendAsync(request);
                }
                catch (HttpRequestException exception) when (name == "10 MB body")
                {
                    // Refused before it was read (413 and the connection closed): the client could not finish sending.
                    trial.Log($"{name}: connection closed while sending ({exception.Message})");
                    continue;
                }

                using var _ = answer;
                string body = await answer.Content.ReadAsStringAsync();
                trial.Log($"{name}: {(int)answer.StatusCode}");
                if (!Refusals.Contains(answer.StatusCode))
                {
                    trial.Break("control-api", $"{name}: answered {(int)answer.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                }

                if (body.Contains("PRIVATE KEY", StringComparison.Ordinal))
                {
                    trial.Break("control-api", $"{name}: the answer holds a private key");
                }

                if (attack % 10 == 0)
                {
                    await Responsive(trial, device, slow);
                }
            }

            await Responsive(trial, device, slow);
            if (await device.PostAsync("api/recording/start") && await session.ExpectStateAsync(trial, "after a start request", "Recording"))
            {
                await Task.Delay(random.Next(500, 2000));
                await device.PostAsync("api/recording/stop");
            }

            if (await session.ExpectStateAsync(trial, "after the abuse", "Buffering"))
            {
                session.Stop(trial);
            }

            session.Check(trial);
        }
        finally
        {
            slow.ForEach(client => client.Dispose());
            session.Remove(keep: !trial.Survived);
        }
    }

    private static (string Name, HttpRequestMessage Request) Attack(Random random, Uri address)
    {
        static HttpRequestMessage Json(HttpMethod method, string path, byte[] body, string type = "application/json") =>
            new(method, path) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", type } } } };

        switch (random.Next(9))
        {
            case 0:
                var junk = new byte[random.Next(1, 2000)];
                random.NextBytes(junk);
                return ("malformed: random bytes", Json(HttpMethod.Put, "api/inputs/record", junk));
            case 1:
                string json = "{\"active\": true, \"atMs\": 12}";
                return ("malformed: truncated JSON", Json(HttpMethod.Put, "api/inputs/record", Encoding.UTF8.GetBytes(json[..random.Next(1, json.Length - 1)])));
            case 2:
                int depth = random.Next(100, 5000);
                return ("malformed: nested arrays", Json(HttpMethod.Put, "api/inputs/trigger", Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth))));
            case 3:
                return ("malformed: wrong types", Json(HttpMethod.Put, "api/inputs/dock", Encoding.UTF8.GetBytes("{\"active\": \"yes\", \"atMs\": 1e400}")));
            case 4:
                var big = new byte[10 * 1024 * 1024];
                Array.Fill(big, (byte)' ');
                big[0] = (byte)'{';
                big[^1] = (byte)'}';
                return ("10 MB body", Json(HttpMethod.Post, random.Next(2) == 0 ? "api/recording/marker" : "api/inputs/record/press", big));
            case 5:
                return ("token missing", new HttpRequestMessage(HttpMethod.Post, "api/recording/start"));
            case 6:
                string[] tokens = [DeviceProcess.Token[..^1], DeviceProcess.Token.ToUpperInvariant(), DeviceProcess.Token + "x", "", new string('a', 5000)];
                var wrong = new HttpRequestMessage(random.Next(2) == 0 ? HttpMethod.Get : HttpMethod.Post, random.Next(2) == 0 ? "api/status" : "api/recording/start");
                wrong.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? $"Bearer {tokens[random.Next(tokens.Length)]}" : $"Basic {tokens[random.Next(tokens.Length)]}");
                return ("token wrong", wrong);
            case 7:
                string[] traversals =
                [
                    "api/recordings/..%2F..%2Fidentity%2Fdevice-key.pem", "api/recordings/%2e%2e%2f%2e%2e%2faudit.jsonl",
                    "api/recordings/..%5C..%5Cidentity%5Cdevice-key.pem", "api/recordings/%2Fetc%2Fpasswd",
                    "api/recordings/....%2F%2F....%2F%2Fidentity%2Fdevice-key.pem", "api/recordings/..%252F..%252Faudit.jsonl",
                    "api/recordings/x.mp4%00.json", "api/recordings/..%2Fevidence%2Fmanifest-chain.json/manifest",
                ];
                return ("path traversal", new HttpRequestMessage(HttpMethod.Get, new Uri(address, traversals[random.Next(traversals.Length)])));
            default:
                return ("malformed: not JSON type", Json(HttpMethod.Put, "api/inputs/function", Encoding.UTF8.GetBytes("{\"active\": true}"), "text/plain"));
        }
    }

    // Connections that send a request line and then one header byte now and then, never finishing.
    private static async Task<List<TcpClient>> SlowClientsAsync(Uri address, int count)
    {
        var clients = new List<TcpClient>();
        for (int index = 0; index < count; index++)
        {
            var client = new TcpClient();
            await client.ConnectAsync(address.Host, address.Port);
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST /api/recording/start HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DeviceProcess.Token}\r\nX-Slow: "));
            clients.Add(client);
        }

        return clients;
    }

    private static async Task Responsive(Trial trial, DeviceProcess device, List<TcpClient> slow)
    {
        foreach (var client in slow.Where(client => client.Connected))
        {
            try
            {
                await client.GetStream().WriteAsync("a"u8.ToArray());
            }
            catch (IOException)
            {
                // The server closed it: allowed (a server may drop a client that is too slow).
            }
        }

        var clock = Stopwatch.StartNew();
        string? state = await device.StateAsync();
        if (state != "Buffering" || clock.Elapsed > TimeSpan.FromSeconds(2))
        {
            trial.Break("control-api", $"status took {clock.Elapsed.TotalSeconds:F2} s and said {state ?? "nothing"} with slow clients holding connections");
        }
    }
}
