// The page's evidence-store view in Debian's Chromium, against a real single-node Swift on
// 127.0.0.1: a recording made, the page's dock control pressed, each clip's upload progress shown
// to 100 % and the offload Done; the store's recordings listed with their expiry, and one flagged
// as evidence from the page (the firmware's store code removes the expiry; the page shows it).
using BodyCamDevice.Firmware.Core;
using Microsoft.Playwright;

namespace BodyCamDevice.Emulator.Tests.Web;

[NonParallelizable]
public class OffloadPageTests : StoreBackedTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task DockingFromThePageShowsEachClipsProgressThenTheStoresRecordingsWhichCanBeFlaggedAsEvidence()
    {
        RequiredTools.RequireChromium();
        var options = new Firmware.Configuration.DeviceOptions();
        options.Identity.OfficerId = "P" + Guid.NewGuid().ToString("N")[..8];
        await using var emulator = await EmulatorServer.StartAsync(options: options, connectionPath: Store.ConnectionFile);
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
        (await emulator.Http.PostAsync("/api/recording/start", null)).EnsureSuccessStatusCode();
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Recording), TimeSpan.FromSeconds(30));
        (await emulator.Http.PostAsync("/api/recording/stop", null)).EnsureSuccessStatusCode();
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
        var clips = Directory.GetFiles(emulator.RecordingsPath, "*.mp4").Select(Path.GetFileName).ToList();
        Assert.That(clips, Is.Not.Empty);

        await using var chromium = await HeadlessChromium.OpenAsync(1000);
        var page = chromium.Page;
        await page.GotoAsync(emulator.Url.ToString());
        await Assertions.Expect(page.Locator("#offload-phase")).ToHaveTextAsync("Idle", new() { Timeout = 10_000 });

        await page.Locator("#btn-dock").ClickAsync();
        await Assertions.Expect(page.Locator("#offload-phase")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });

        var objects = page.Locator("#offload-objects tr.object");
        var names = await objects.EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.name)");
        Assert.That(names.Count(name => name.EndsWith(".mp4", StringComparison.Ordinal)), Is.EqualTo(clips.Count), "a row per clip");
        var percents = await objects.EvaluateAllAsync<string[]>("rows => rows.map(row => row.dataset.percent)");
        Assert.That(percents, Is.All.EqualTo("100"));
        Assert.That(await page.Locator("#offload-summary").TextContentAsync(), Does.Contain("1 of 1 recording(s) confirmed"));
        Assert.That(Directory.GetFiles(emulator.RecordingsPath, "*.mp4"), Is.Empty, "the confirmed clips were deleted by the firmware");

        // The store's list (read when the offload was done): this officer's recording with its expiry.
        var row = page.Locator($"#store-recordings tr.stored-recording[data-container^='{options.Identity.OfficerId}_']");
        await Assertions.Expect(row).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        var expiry = await row.Locator(".expiry").TextContentAsync();
        Assert.That(expiry, Does.Match(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$"), "an expiry date");
        Assert.That(DateTimeOffset.Parse(expiry!.Replace(' ', 'T')), Is.EqualTo(DateTimeOffset.UtcNow.AddDays(31)).Within(TimeSpan.FromHours(1)), "31 days after the trigger");
        Assert.That(await row.Locator(".status").TextContentAsync(), Is.EqualTo("Complete"));

        await row.Locator("button.flag").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-evidence", "true", new() { Timeout = 30_000 });
        Assert.That(await row.Locator(".expiry").TextContentAsync(), Does.StartWith("evidence (flagged"));
        var container = (await row.GetAttributeAsync("data-container"))!;
        var clipObject = (await Store.Admin.ListAsync(container)).First(name => name.EndsWith(".mp4", StringComparison.Ordinal));
        Assert.That((await Store.Admin.HeadAsync(container, clipObject))!.ContainsKey("X-Delete-At"), Is.False, "the store no longer expires it");
    }
}
