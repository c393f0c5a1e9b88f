// Debian's Chromium (never a browser Playwright downloads), headless, with one page 1400 px wide:
// what every page test drives. Owns the Playwright driver and the browser; disposing closes the
// browser, then the driver.
using Microsoft.Playwright;

namespace BodyCamDevice.Emulator.Tests.Web;

internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <param name="height">The page's height in pixels.</param>
    /// <param name="flags">Chromium flags beyond the usual ones.</param>
    public static async Task<HeadlessChromium> OpenAsync(int height, params string[] flags)
    {
        var playwright = await Playwright.CreateAsync();
        IBrowser? browser = null;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = RequiredTools.ChromiumPath,
                Headless = true,
                Args = [.. Flags, .. flags],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = height } });
            return new HeadlessChromium(playwright, browser, page);
        }
        catch
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
