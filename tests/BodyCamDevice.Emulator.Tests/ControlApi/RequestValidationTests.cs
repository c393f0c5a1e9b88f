// What the control API says to a request it cannot take, over real HTTP: every number out of its
// range or not finite is a 400 naming the field and the range (never a 500), every error answer
// carries {"error": "..."}, unknown and misspelt fields (JSON or query) and missing required ones
// are named, and bodies above the documented limit get 413. A rig script must never be told 200
// for a request the device did not understand.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class RequestValidationTests
{
    private EmulatorServer _emulator = null!;

    private HttpClient Http => _emulator.Http;

    [OneTimeSetUp]
    public async Task StartEmulator() => _emulator = await EmulatorServer.StartAsync(webUi: false);

    [OneTimeTearDown]
    public async Task StopEmulator() => await _emulator.DisposeAsync();

    [TestCase("POST", "api/inputs/record/press", """{"ms": 1e308}""", "ms", "120000")]
    [TestCase("POST", "api/inputs/record/hold", """{"ms": -5}""", "ms", "120000")]
    [TestCase("POST", "api/inputs/record/double-press", """{"gapMs": 1e308}""", "gapMs", "120000")]
    [TestCase("POST", "api/inputs/record/double-press", """{"ms": 0, "gapMs": 100}""", "ms", "120000")]
    [TestCase("PUT", "api/inputs/record", """{"active": true, "atMs": 1e300}""", "atMs", "1000000000000")]
    [TestCase("PUT", "api/battery", """{"percent": 1e10}""", "percent", "")]
    [TestCase("PUT", "api/battery", """{"percent": 101}""", "percent", "100")]
    [TestCase("PUT", "api/storage", """{"freeMegabytes": 1e300}""", "freeMegabytes", "")]
    [TestCase("PUT", "api/storage", """{"freeMegabytes": 9223372036854775807}""", "freeMegabytes", "1000000000")]
    [TestCase("PUT", "api/gnss", """{"latitude": 51.5, "longitude": -0.12, "altitudeMeters": 1e300}""", "altitudeMeters", "20000")]
    [TestCase("PUT", "api/gnss", """{"latitude": 91, "longitude": 0}""", "latitude", "90")]
    [TestCase("PUT", "api/rtc", """{"state": "running", "utc": "1850-01-01T00:00:00Z"}""", "utc", "2099")]
    [TestCase("PUT", "api/rtc", """{"state": "running", "utc": "yesterday"}""", "utc", "")]
    [TestCase("POST", "api/camera/fault", """{"detail": 42}""", "detail", "")]
    public async Task AnOutOfRangeOrMistypedNumberIsA400NamingTheField(string method, string path, string body, string field, string range)
    {
        using var response = await SendAsync(method, path, body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, field, range);
    }

    [TestCase("api/outputs/record-indicator?since=NaN", "since")]
    [TestCase("api/outputs/record-indicator?since=1e400", "since")]
    [TestCase("api/outputs/record-indicator?since=abc", "since")]
    [TestCase("api/outputs/record-indicator/blink?windowMs=1e400", "windowMs")]
    [TestCase("api/outputs/record-indicator/blink?windowMs=0", "windowMs")]
    [TestCase("api/outputs/record-indicator/blink?since=0&until=Infinity", "until")]
    [TestCase("api/outputs/record-indicator/blink?since=0&windowMs=100", "windowMs")]
    [TestCase("api/tones?since=-Infinity", "since")]
    [TestCase("api/tones/beeps?since=1e13", "since")]
    [TestCase("api/audit?limit=-1", "limit")]
    [TestCase("api/audit?after=-1", "after")]
    public async Task AnOutOfRangeQueryNumberIsA400NamingIt(string path, string field)
    {
        using var response = await Http.GetAsync(path);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, field, "");
    }

    [Test]
    public async Task AMisspeltFieldIsRefusedAndTheInputIsNotTouched()
    {
        await SendAsync("PUT", "api/inputs/function", """{"active": true}""");
        using var response = await SendAsync("PUT", "api/inputs/function", """{"activ": false}""");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "activ", "");
        Assert.That((await Http.GetJsonAsync<InputView>("api/inputs/function")).Active, Is.True, "the misspelt request released nothing");
        await SendAsync("PUT", "api/inputs/function", """{"active": false}""");
    }

    [TestCase("PUT", "api/inputs/record", "{}", "active")]
    [TestCase("PUT", "api/inputs/record", """{"active": null}""", "active")]
    [TestCase("PUT", "api/dock", """{"dockd": true}""", "dockd")]
    [TestCase("PUT", "api/battery", "{}", "percent")]
    [TestCase("PUT", "api/storage", """{"free": 10}""", "free")]
    [TestCase("PUT", "api/rtc", "{}", "state")]
    [TestCase("PUT", "api/gnss", """{"lat": 1, "lon": 2}""", "lat")]
    [TestCase("POST", "api/inputs/record/press", """{"ms": 100, "gapMs": 100}""", "gapMs")]
    [TestCase("POST", "api/camera/fault", """{"details": "x"}""", "details")]
    [TestCase("POST", "api/recording/start", """{"reason": "test"}""", "body")]
    public async Task UnknownAndMissingFieldsAreNamed(string method, string path, string body, string field)
    {
        using var response = await SendAsync(method, path, body);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, field, "");
    }

    [TestCase("api/outputs/record-indicator?sinse=5", "sinse")]
    [TestCase("api/status?verbose=1", "verbose")]
    [TestCase("api/audit?afterr=3", "afterr")]
    public async Task AnUnknownQueryParameterIsNamed(string path, string name)
    {
        using var response = await Http.GetAsync(path);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, name, "");
    }

    [Test]
    public async Task EveryErrorAnswerCarriesAnErrorBody()
    {
        using (var malformed = await SendAsync("PUT", "api/inputs/record", """{"active": tru"""))
        {
            await AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "JSON", "");
        }

        using (var text = new HttpRequestMessage(HttpMethod.Put, "api/inputs/record") { Content = new StringContent("""{"active": true}""", Encoding.UTF8, "text/plain") })
        using (var unsupported = await Http.SendAsync(text))
        {
            await AssertErrorAsync(unsupported, HttpStatusCode.UnsupportedMediaType, "application/json", "");
        }

        using (var noBody = await SendAsync("PUT", "api/inputs/record", null))
        {
            await AssertErrorAsync(noBody, HttpStatusCode.BadRequest, "body", "");
        }

        using (var unknownRoute = await Http.GetAsync("api/volume"))
        {
            await AssertErrorAsync(unknownRoute, HttpStatusCode.NotFound, "/api/volume", "");
        }

        using (var wrongMethod = await Http.DeleteAsync("api/status"))
        {
            await AssertErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed, "GET", "");
        }

        using (var unknownInput = await SendAsync("PUT", "api/inputs/volume", """{"active": true}"""))
        {
            await AssertErrorAsync(unknownInput, HttpStatusCode.NotFound, "volume", "");
        }
    }

    [Test]
    public async Task ABodyAboveTheLimitIsA413WithAnErrorBody()
    {
        var padding = new string(' ', RequestLimits.LargestBodyBytes);
        using (var large = await SendAsync("PUT", "api/inputs/record", "{\"active\": true" + padding + "}"))
        {
            await AssertErrorAsync(large, HttpStatusCode.RequestEntityTooLarge, RequestLimits.LargestBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        }

        // Sent in chunks, without a Content-Length: the limit holds as the body is read.
        using var chunked = new HttpRequestMessage(HttpMethod.Put, "api/inputs/record") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"active\": true" + padding + "}"))) };
        chunked.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using (var response = await Http.SendAsync(chunked))
        {
            await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "", "");
        }

        Assert.That((await Http.GetJsonAsync<InputView>("api/inputs/record")).Active, Is.False);
        using var justBelow = await SendAsync("PUT", "api/inputs/record", "{\"active\": false" + new string(' ', RequestLimits.LargestBodyBytes - 20) + "}");
        Assert.That(justBelow.StatusCode, Is.EqualTo(HttpStatusCode.OK), await justBelow.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> SendAsync(string method, string path, string? json)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Http.SendAsync(request);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string mentions, string range)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), body);
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error").GetString();
        Assert.That(error, Does.Contain(mentions), "the message names what was wrong");
        Assert.That(error, Does.Contain(range), "and the accepted range");
    }
}
