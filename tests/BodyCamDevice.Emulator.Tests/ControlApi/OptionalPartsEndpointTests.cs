// The emulator's optional parts over the control API: the battery slider is a virtual fuel gauge
// whose reading the firmware's battery monitor judges (with hysteresis), the GNSS receiver's
// position or lost fix reaches the firmware through NMEA text, and the RTC's state decides the
// clock alarm. Bad requests are refused with the value named.
using System.Net;
using BodyCamDevice.ControlApi.Contracts;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class OptionalPartsEndpointTests
{
    [Test]
    public async Task TheLowBatteryAlarmHasHysteresisAndTheStatusShowsTheGaugesReading()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        var start = await emulator.Http.GetJsonAsync<StatusView>("api/status");
        Assert.That(start.Battery, Is.EqualTo(new BatteryView(100, 4.2, false, null)));

        async Task<StatusView> Battery(int percent)
        {
            await emulator.Http.OkAsync(HttpMethod.Put, "api/battery", new BatteryRequest(percent));
            return await emulator.Http.GetJsonAsync<StatusView>("api/status");
        }

        Assert.That((await Battery(16)).Alarms, Is.Empty);
        var low = await Battery(14);
        Assert.That(low.Alarms, Is.EqualTo(new[] { "LowBattery" }));
        Assert.That(low.Battery!.Percent, Is.EqualTo(14).Within(0.5));
        Assert.That(low.Battery.Volts, Is.EqualTo(3.632).Within(0.004), "the curve's voltage for 14 %");
        Assert.That((await Battery(19)).Alarms, Is.EqualTo(new[] { "LowBattery" }), "above 15 % but not yet 20 %");
        Assert.That((await Battery(20)).Alarms, Is.Empty);

        var audit = await emulator.Http.GetJsonAsync<AuditView[]>("api/audit");
        Assert.That(audit.Where(entry => entry.Kind == "battery").Select(entry => entry.Details["result"]), Is.EqualTo(new[] { "low", "recovered" }));
    }

    [Test]
    public async Task TheGnssPositionAndALostFixReachTheFirmware()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);

        await emulator.Http.OkAsync(HttpMethod.Put, "api/gnss", new GnssRequest(-33.8568, 151.2153, Satellites: 11));
        var fix = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).Gnss!;
        Assert.That((fix.Fix, fix.Quality, fix.Satellites), Is.EqualTo((true, "Fix", (int?)11)));
        Assert.That(fix.Latitude, Is.EqualTo(-33.8568).Within(2e-7));
        Assert.That(fix.Longitude, Is.EqualTo(151.2153).Within(2e-7));

        await emulator.Http.OkAsync(HttpMethod.Put, "api/gnss", new GnssRequest(Fix: false));
        var lost = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).Gnss!;
        Assert.That((lost.Fix, lost.Quality, lost.Latitude), Is.EqualTo((false, "NoFix", (double?)null)));

        foreach (var (body, error) in new[]
        {
            (new GnssRequest(95, 0), "latitude must be from -90 to 90"),
            (new GnssRequest(Latitude: 51), "give latitude and longitude"),
            (new GnssRequest(51, 0, Satellites: 1), "satellites must be from 3 to 99"),
            (new GnssRequest(51, 0, Fix: false), "go only with a fix"),
        })
        {
            using var refused = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/gnss", body);
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain(error));
        }
    }

    [Test]
    public async Task TheRtcStateDecidesTheClockAlarm()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        var boot = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).Rtc!;
        Assert.That(boot.Valid, Is.True, boot.Detail);

        foreach (var (request, detail) in new[]
        {
            (new RtcRequest("stopped"), "oscillator stopped"),
            (new RtcRequest("missing"), "does not answer"),
            (new RtcRequest("corrupt"), "holds no valid time"),
            (new RtcRequest("running", new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero)), "before Clock.EarliestValidTime"),
        })
        {
            await emulator.Http.OkAsync(HttpMethod.Put, "api/rtc", request);
            var status = await emulator.Http.GetJsonAsync<StatusView>("api/status");
            Assert.That(status.Alarms, Does.Contain("ClockNotSet"), request.State);
            Assert.That(status.Rtc!.Detail, Does.Contain(detail));
        }

        await emulator.Http.OkAsync(HttpMethod.Put, "api/rtc", new RtcRequest("running"));
        Assert.That((await emulator.Http.GetJsonAsync<StatusView>("api/status")).Alarms, Is.Empty);

        using var unknown = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/rtc", new RtcRequest("melted"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("'melted'"));
        using var timeWhenStopped = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/rtc", new RtcRequest("stopped", DateTimeOffset.UnixEpoch));
        Assert.That(timeWhenStopped.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
