// Raw HTTP to the development store, independent of the firmware's client: what a test uses to
// see what the store really holds (listings, bodies, headers) and to change what it publishes.
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BodyCamDevice.DevServices;

public sealed class SwiftAdmin(Uri authUri, string user, string key) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };
    private string? _token;
    private string? _storage;

    public async Task<string> StorageUrlAsync()
    {
        await EnsureTokenAsync();
        return _storage!;
    }

    /// <summary>A request to STORAGE_URL/PATH (path already escaped), with the admin's token.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        await EnsureTokenAsync();
        using var request = new HttpRequestMessage(method, $"{_storage}/{path}") { Content = content };
        request.Headers.Add("X-Auth-Token", _token);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    public async Task<byte[]?> GetAsync(string container, string name)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{Uri.EscapeDataString(container)}/{Uri.EscapeDataString(name)}");
        return response.StatusCode == HttpStatusCode.NotFound ? null : await Ok(response).Content.ReadAsByteArrayAsync();
    }

    /// <summary>Headers of an object (or of a container when name is null); null on 404.</summary>
    public async Task<Dictionary<string, string>?> HeadAsync(string container, string? name = null)
    {
        using var response = await SendAsync(HttpMethod.Head, Uri.EscapeDataString(container) + (name is null ? "" : "/" + Uri.EscapeDataString(name)));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Ok(response);
        return response.Headers.Concat(response.Content.Headers)
            .ToDictionary(header => header.Key, header => string.Join(",", header.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Names in a container, or containers in the account (container null); empty when it does not exist.</summary>
    public async Task<List<string>> ListAsync(string? container = null)
    {
        using var response = await SendAsync(HttpMethod.Get, (container is null ? "" : Uri.EscapeDataString(container)) + "?format=json");
        if (response.StatusCode == HttpStatusCode.NotFound || response.StatusCode == HttpStatusCode.NoContent)
        {
            return [];
        }

        using var listing = JsonDocument.Parse(await Ok(response).Content.ReadAsByteArrayAsync());
        return listing.RootElement.EnumerateArray().Select(entry => entry.GetProperty("name").GetString()!).ToList();
    }

    public async Task PutAsync(string container, string name, byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await SendAsync(HttpMethod.Put, $"{Uri.EscapeDataString(container)}/{Uri.EscapeDataString(name)}", content);
        Ok(response);
    }

    public async Task DeleteAsync(string container, string name)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{Uri.EscapeDataString(container)}/{Uri.EscapeDataString(name)}");
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            Ok(response);
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpResponseMessage Ok(HttpResponseMessage response) =>
        response.IsSuccessStatusCode ? response : throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode}", null, response.StatusCode);

    private async Task EnsureTokenAsync()
    {
        if (_token is not null)
        {
            return;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, authUri);
        request.Headers.Add("X-Auth-User", user);
        request.Headers.Add("X-Auth-Key", key);
        using var response = Ok(await _http.SendAsync(request));
        _token = response.Headers.GetValues("X-Auth-Token").First();
        _storage = response.Headers.GetValues("X-Storage-Url").First().TrimEnd('/');
    }
}
