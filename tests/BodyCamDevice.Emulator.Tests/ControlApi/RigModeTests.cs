// Rig mode: off unless enabled, never without a token, and then every request needs it.
using System.Net;
using System.Net.Http.Headers;
using BodyCamDevice.ControlApi.Hosting;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class RigModeTests
{
    private const string Token = "rig-token-0123456789abcdef";

    [Test]
    public async Task RequestsWithoutOrWithAWrongTokenAreRefusedAndTheRightOneIsServed()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await using var rig = await RigModeServer.StartAsync(emulator.Device.Rig, new RigModeOptions { Enabled = true, BindAddress = "127.0.0.1", Port = 0, Token = Token });
        using var http = new HttpClient { BaseAddress = rig.Url };

        using (var none = await http.GetAsync("api/status"))
        {
            Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(none.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
        }

        foreach (var wrong in new[] { "wrong", Token + "x", Token[..^1] })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/status") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", wrong) } };
            using var refused = await http.SendAsync(request);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), wrong);
        }

        using (var eventsWithoutToken = await http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.That(eventsWithoutToken.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "the event stream too");
        }

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var ok = await http.GetAsync("api/status");
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(false, Token, "disabled")]
    [TestCase(true, null, "token")]
    [TestCase(true, "", "token")]
    [TestCase(true, "short", "token")]
    public async Task RigModeRefusesToStartWhenDisabledOrWithoutAToken(bool enabled, string? token, string named)
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RigModeServer.StartAsync(emulator.Device.Rig, new RigModeOptions { Enabled = enabled, BindAddress = "127.0.0.1", Port = 0, Token = token }));
        Assert.That(refused!.Message, Does.Contain(named));
    }

    [Test]
    public async Task TheApiIsNeverServedOffLoopbackWithoutAToken()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ControlApiServer.StartAsync(emulator.Device.Rig, new ControlApiServerOptions { BindAddress = "0.0.0.0", Port = 0 }));
    }
}
