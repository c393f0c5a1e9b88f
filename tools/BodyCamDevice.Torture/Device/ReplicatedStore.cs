// A three-replica OpenStack Swift on 127.0.0.1 (services/swift/swift-dev with
// SWIFT_DEV_OBJECT_REPLICAS=3): three object servers, a PUT needs two of them. The torture stops
// one (SIGKILL of its process group) and starts it again, and reads the store with plain HTTP —
// tempauth, account and container listings, HEAD — never with the firmware's client.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BodyCamDevice.Torture.Device;

internal sealed class ReplicatedStore : IDisposable
{
    public const int ObjectServers = 3;

    private readonly string _swiftDev;
    private HttpClient? _http;
    private Uri? _storageUrl;

    private ReplicatedStore(string directory, string swiftDev)
    {
        Directory = directory;
        _swiftDev = swiftDev;
    }

    public string Directory { get; }

    public string ConnectionFile => Path.Combine(Directory, "connection.json");

    /// <summary>Sets up and starts the store in <paramref name="directory"/>.</summary>
    public static async Task<ReplicatedStore> StartAsync(string directory)
    {
        string swiftDev = Path.Combine(RepositoryRoot(), "services", "swift", "swift-dev");
        var store = new ReplicatedStore(directory, swiftDev);
        var (exit, output) = await RunAsync(swiftDev, ["start", directory], new Dictionary<string, string> { ["SWIFT_DEV_OBJECT_REPLICAS"] = "3" });
        if (exit != 0)
        {
            store.Dispose();
            throw new InvalidOperationException($"swift-dev start exit {exit}: {output}");
        }

        return store;
    }

    /// <summary>Stops object server <paramref name="number"/> (1–3): SIGKILL of its process group, as a server losing power.</summary>
    public void StopObjectServer(int number)
    {
        string pidFile = PidFile(number);
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int group))
        {
            Posix.KillGroup(group, Posix.SigKill);
        }
    }

    /// <summary>Starts object server <paramref name="number"/> again (its pid file updated, so swift-dev stop ends it).</summary>
    public void StartObjectServer(int number)
    {
        string conf = Path.Combine(Directory, "etc", number == 1 ? "object-server.conf" : $"object-server-{number}.conf");
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "swift-object-server", conf, "-v" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        File.WriteAllText(PidFile(number), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every object of the containers whose names start with <paramref name="prefix"/>: (container, name) by MD5.</summary>
    public async Task<ILookup<string, (string Container, string Name, long Bytes)>> ObjectsAsync(string prefix)
    {
        var objects = new List<(string Hash, string Container, string Name, long Bytes)>();
        foreach (string container in await ListAsync("", prefix))
        {
            using var listing = JsonDocument.Parse(await GetAsync(Uri.EscapeDataString(container) + "?format=json"));
            foreach (var entry in listing.RootElement.EnumerateArray())
            {
                objects.Add((entry.GetProperty("hash").GetString()!, container, entry.GetProperty("name").GetString()!, entry.GetProperty("bytes").GetInt64()));
            }
        }

        return objects.ToLookup(entry => entry.Hash, entry => (entry.Container, entry.Name, entry.Bytes), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Containers whose names start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> ContainersAsync(string prefix) => await ListAsync("", prefix);

    /// <summary>HEAD of an object: its ETag and length, or null when the store does not have it.</summary>
    public async Task<(string ETag, long Length)?> HeadObjectAsync(string container, string name)
    {
        using var answer = await SendAsync(HttpMethod.Head, $"{Uri.EscapeDataString(container)}/{Uri.EscapeDataString(name)}");
        if (!answer.IsSuccessStatusCode)
        {
            return null;
        }

        // Swift sends its ETag unquoted, which HttpClient's typed header does not parse: read it raw.
        string etag = answer.Headers.TryGetValues("ETag", out var values) ? values.First().Trim('"') : "";
        return (etag, answer.Content.Headers.ContentLength ?? -1);
    }

    /// <summary>A container's Status metadata (Transferring, Complete), or null.</summary>
    public async Task<string?> ContainerStatusAsync(string container)
    {
        using var answer = await SendAsync(HttpMethod.Head, Uri.EscapeDataString(container));
        return answer.Headers.TryGetValues("X-Container-Meta-Status", out var values) ? values.FirstOrDefault() : null;
    }

    public void Dispose()
    {
        _http?.Dispose();
        RunAsync(_swiftDev, ["stop", Directory], new Dictionary<string, string>()).GetAwaiter().GetResult();
    }

    private string PidFile(int number) => Path.Combine(Directory, "run", number == 1 ? "object.pid" : $"object-{number}.pid");

    private async Task<List<string>> ListAsync(string path, string prefix)
    {
        string body = await GetAsync($"{path}?format=json&prefix={Uri.EscapeDataString(prefix)}");
        using var listing = JsonDocument.Parse(body.Length == 0 ? "[]" : body);
        return listing.RootElement.EnumerateArray().Select(entry => entry.GetProperty("name").GetString()!).ToList();
    }

    private async Task<string> GetAsync(string relative)
    {
        using var answer = await SendAsync(HttpMethod.Get, relative);
        if (answer.StatusCode == System.Net.HttpStatusCode.NoContent || answer.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return "";
        }

        answer.EnsureSuccessStatusCode();
        return await answer.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative)
    {
        if (_http is null)
        {
            await AuthenticateAsync();
        }

        using var request = new HttpRequestMessage(method, new Uri(_storageUrl!.AbsoluteUri.TrimEnd('/') + "/" + relative));
        return await _http!.SendAsync(request);
    }

    // tempauth with the credentials of the connection file the device was given.
    private async Task AuthenticateAsync()
    {
        using var connection = JsonDocument.Parse(await File.ReadAllTextAsync(ConnectionFile));
        var root = connection.RootElement;
        string authUri = root.GetProperty("AuthenticationTokenURI")[0].GetString()!;
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, authUri);
        request.Headers.Add("X-Auth-User", root.GetProperty("BlobAPIUserName").GetString());
        request.Headers.Add("X-Auth-Key", root.GetProperty("BlobAPIKey").GetString());
        using var answer = await http.SendAsync(request);
        answer.EnsureSuccessStatusCode();
        _storageUrl = new Uri(answer.Headers.GetValues("X-Storage-Url").First());
        http.DefaultRequestHeaders.Add("X-Auth-Token", answer.Headers.GetValues("X-Auth-Token").First());
        _http = http;
    }

    private static string RepositoryRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "BodyCamDevice.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("services/swift/swift-dev not found: run the torture from the repository");
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (output + await error).Trim());
    }
}
