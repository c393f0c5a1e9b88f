// The page in Debian's Chromium, driven as a person would: mouse down and up on the drawn record
// button are pin edges, so the double-press and the 3 s hold are the firmware's own gestures.
// Real time throughout (about 20 s), on the real capture pipeline with a small test pattern. Saves a screenshot to the test output, and to
// docs/emulator.png when BODYCAM_WRITE_SCREENSHOT=1 (./dev screenshot).
using BodyCamDevice.Firmware.Core;
using Microsoft.Playwright;

namespace BodyCamDevice.Emulator.Tests.Web;

[NonParallelizable]
public class BrowserTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task DoublePressStartsTheBlinkingRedIndicatorWithBeepsAndHoldingStopsItIntoAPlayableRecording()
    {
        RequiredTools.RequireChromium();
        RequiredTools.RequireFfmpeg();
        await using var emulator = await EmulatorServer.StartAsync(camera: EmulatorServer.SmallTestPattern with { Width = 640, Height = 360 });
        await using var chromium = await HeadlessChromium.OpenAsync(900, "--autoplay-policy=no-user-gesture-required");
        var page = chromium.Page;
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        var response = await page.GotoAsync(emulator.Url.ToString());
        Assert.That(response!.Headers["content-type"], Is.EqualTo("text/html; charset=utf-8"));
        await Expect(page.Locator("#connection"), "live");
        await Expect(page.Locator("#state"), "Buffering");

        // The buffer fills and the preview shows the camera's picture.
        await page.WaitForFunctionAsync("() => /s of 2 s/.test(document.getElementById('buffer-fill').textContent)", null, new() { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => { const still = document.getElementById('camera-still'); return !still.hidden && still.naturalWidth === 640; }", null, new() { Timeout = 10_000 });

        var red = page.Locator("#record-indicator");
        Assert.That(await red.GetAttributeAsync("data-lit"), Is.EqualTo("false"));
        var beepsBefore = int.Parse((await page.Locator("#beeper").GetAttributeAsync("data-beeps"))!);

        // Double-press: two presses whose starts lie 250 ms apart. The edges as the pin got them
        // (ms since the first) go into the failure message if the device did not start.
        var edges = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        emulator.Device.Rig.Inputs.Changed += (input, active) =>
        {
            lock (edges)
            {
                edges.Add($"{input} {(active ? "down" : "up")} at {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
        };
        var button = await page.Locator("#record-button").BoundingBoxAsync();
        await page.Mouse.MoveAsync(button!.X + button.Width / 2, button.Y + button.Height / 2);
        await ClickAsync(page, TimeSpan.FromMilliseconds(100));
        await Task.Delay(150);
        await ClickAsync(page, TimeSpan.FromMilliseconds(100));

        try
        {
            await Expect(page.Locator("#state"), "Recording");
        }
        catch (PlaywrightException)
        {
            lock (edges)
            {
                Assert.Fail($"the double-press did not start a recording; the pin saw: {string.Join(", ", edges)}; gestures: {string.Join(", ", emulator.Device.Rig.AuditHistory.Entries.Where(entry => entry.Kind == "gesture").Select(entry => string.Join(" ", entry.Details.Values)))}");
            }
        }

        var levels = await WatchAttributeAsync(red, "data-lit", TimeSpan.FromSeconds(2.6));
        Assert.That(Transitions(levels), Is.GreaterThanOrEqualTo(4), $"the red indicator blinks (seen {string.Join(",", levels)})");
        var beeps = int.Parse((await page.Locator("#beeper").GetAttributeAsync("data-beeps"))!);
        Assert.That(beeps - beepsBefore, Is.GreaterThanOrEqualTo(2), "the two start beeps reached the page");

        // Hold 3 s (plus a hand's margin) to stop.
        await page.Mouse.DownAsync();
        await Task.Delay(3300);
        await page.Mouse.UpAsync();
        await Expect(page.Locator("#state"), "Buffering");
        Assert.That(await red.GetAttributeAsync("data-lit"), Is.EqualTo("false"));

        // The clip lands in the list and plays.
        var clip = page.Locator("#recordings-list li.recording").First;
        await clip.WaitForAsync(new() { Timeout = 30_000 });
        await clip.ClickAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('player').currentTime > 0.5", null, new() { Timeout = 15_000 });
        Assert.That(await page.Locator("#manifest").TextContentAsync(), Does.Contain("\"recordingId\""));

        // Start another recording for the picture: red lit, a clip playing, the audit log full.
        emulator.Device.Rig.Inputs.Set(DeviceInput.RecordButton, true);
        emulator.Device.Rig.Inputs.Set(DeviceInput.RecordButton, false);
        await Task.Delay(150);
        emulator.Device.Rig.Inputs.Set(DeviceInput.RecordButton, true);
        emulator.Device.Rig.Inputs.Set(DeviceInput.RecordButton, false);
        await page.WaitForFunctionAsync("() => document.getElementById('record-indicator').getAttribute('data-lit') === 'true'", null, new() { Timeout = 5_000 });
        await SaveScreenshotAsync(page);
        Assert.That(console.Where(line => line.Contains("error", StringComparison.OrdinalIgnoreCase)), Is.Empty, "no errors in the page's console");
    }

    private static async Task ClickAsync(IPage page, TimeSpan down)
    {
        await page.Mouse.DownAsync();
        await Task.Delay(down);
        await page.Mouse.UpAsync();
    }

    private static Task Expect(ILocator locator, string text) =>
        Assertions.Expect(locator).ToHaveTextAsync(text, new() { Timeout = 5_000 });

    private static async Task<List<string?>> WatchAttributeAsync(ILocator locator, string attribute, TimeSpan span)
    {
        var seen = new List<string?>();
        var end = DateTime.UtcNow + span;
        while (DateTime.UtcNow < end)
        {
            seen.Add(await locator.GetAttributeAsync(attribute));
            await Task.Delay(40);
        }

        return seen;
    }

    private static int Transitions(IReadOnlyList<string?> levels) => levels.Zip(levels.Skip(1)).Count(pair => pair.First != pair.Second);

    private static async Task SaveScreenshotAsync(IPage page)
    {
        var output = Path.Combine(TestContext.CurrentContext.WorkDirectory, "emulator.png");
        await page.ScreenshotAsync(new() { Path = output, FullPage = true });
        TestContext.AddTestAttachment(output);
        if (Environment.GetEnvironmentVariable("BODYCAM_WRITE_SCREENSHOT") == "1")
        {
            File.Copy(output, Path.Combine(RequiredTools.RepositoryRoot(), "docs", "emulator.png"), overwrite: true);
        }
    }
}
