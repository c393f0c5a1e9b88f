// The page's controls for the optional parts, in Debian's Chromium: the battery slider, the GNSS
// position and its loss, and the RTC's state reach the firmware, whose readings and alarms come
// back to the page. The virtual camera (no ffmpeg needed); real time, a few seconds.
using Microsoft.Playwright;

namespace BodyCamDevice.Emulator.Tests.Web;

[NonParallelizable]
public class OptionalPartsPageTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task TheBatteryGnssAndRtcControlsDriveTheFirmwaresParts()
    {
        RequiredTools.RequireChromium();
        await using var emulator = await EmulatorServer.StartAsync();
        await using var chromium = await HeadlessChromium.OpenAsync(900);
        var page = chromium.Page;
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        await page.GotoAsync(emulator.Url.ToString());
        await Expect(page.Locator("#connection"), "live");
        await Expect(page.Locator("#battery-read"), "100.0 % (4.200 V)");
        await Assertions.Expect(page.Locator("#rtc")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^valid: the RTC reads"));

        await page.Locator("#battery").FillAsync("10");
        await Expect(page.Locator("#alarms"), "LowBattery");
        await Assertions.Expect(page.Locator("#battery-read")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^10\.0 % \(3\.\d{3} V\), LOW$"));

        await page.Locator("#gnss-lat").FillAsync("48.1173");
        await page.Locator("#gnss-lon").FillAsync("11.5167");
        await page.Locator("#gnss-fix").ClickAsync();
        await Expect(page.Locator("#gnss"), "48.11730, 11.51670 (Fix, 9 sat.)");
        await page.Locator("#gnss-nofix").ClickAsync();
        await Expect(page.Locator("#gnss"), "no fix (NoFix)");

        await page.Locator("#rtc-state").SelectOptionAsync("stopped");
        await Expect(page.Locator("#alarms"), "LowBattery, ClockNotSet");
        await Assertions.Expect(page.Locator("#rtc")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^NOT SET: the RTC's oscillator stopped"));

        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "emulator-optional-parts.png");
        await page.ScreenshotAsync(new() { Path = output, FullPage = true });
        TestContext.AddTestAttachment(output);
        Assert.That(console.Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)), Is.Empty, "no errors in the page's console");
    }

    private static Task Expect(ILocator locator, string text) =>
        Assertions.Expect(locator).ToHaveTextAsync(text, new() { Timeout = 5_000 });
}
