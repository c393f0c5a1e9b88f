// Small helpers for calling the control API in tests with the API's own JSON settings.
using System.Net.Http.Json;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

internal static class ApiClient
{
    public static async Task<T> GetJsonAsync<T>(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(ControlApiJson.Options))!;
    }

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: ControlApiJson.Options) };
        return await http.SendAsync(request);
    }

    public static async Task OkAsync(this HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var response = await http.SendJsonAsync(method, path, body);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
