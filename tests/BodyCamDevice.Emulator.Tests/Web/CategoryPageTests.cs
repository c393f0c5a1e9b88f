// The page's category selector in Debian's Chromium, against a real single-node Swift on
// 127.0.0.1: before a dock it is disabled and says why; a dock brings the store's categories; a
// recording made after it is given one from the page, which the firmware writes as the
// recording's signed record (read back through the control API).
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Emulator.Tests.ControlApi;
using BodyCamDevice.Firmware.Core;
using Microsoft.Playwright;

namespace BodyCamDevice.Emulator.Tests.Web;

[NonParallelizable]
public class CategoryPageTests : StoreBackedTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task ARecordingIsGivenTheStoresCategoryFromThePage()
    {
        RequiredTools.RequireChromium();
        var options = new Firmware.Configuration.DeviceOptions();
        options.Identity.OfficerId = "C" + Guid.NewGuid().ToString("N")[..8];
        await using var emulator = await EmulatorServer.StartAsync(options: options, connectionPath: Store.ConnectionFile);
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
        await RecordAsync(emulator);

        await using var chromium = await HeadlessChromium.OpenAsync(1000);
        var page = chromium.Page;
        await page.GotoAsync(emulator.Url.ToString());
        var before = page.Locator("#recordings-list select.category-select").First;
        await Assertions.Expect(before).ToBeDisabledAsync(new() { Timeout = 10_000 });
        Assert.That(await before.GetAttributeAsync("title"), Does.Contain("not yet been docked"));

        // A dock reads the store's categories (and takes the first recording).
        await emulator.Http.OkAsync(HttpMethod.Put, "api/dock", new DockRequest(true));
        await emulator.StatusWhenAsync(status => status.Offload?.Phase == "Done", TimeSpan.FromSeconds(60));
        await emulator.Http.OkAsync(HttpMethod.Put, "api/dock", new DockRequest(false));
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
        await RecordAsync(emulator);

        var select = page.Locator("#recordings-list select.category-select").First;
        await Assertions.Expect(select).ToBeEnabledAsync(new() { Timeout = 20_000 });
        var recording = (await select.GetAttributeAsync("data-recording"))!;
        var offered = await select.Locator("option").AllTextContentsAsync();
        Assert.That(offered, Does.Contain("Arrest (evidence)").And.Contain("Routine"), "the store's list, evidence marked");

        await select.SelectOptionAsync("2");
        await Assertions.Expect(page.Locator($"#recordings-list select.category-select[data-recording='{recording}']").First)
            .ToHaveValueAsync("2", new() { Timeout = 10_000 });
        var stored = await emulator.Http.GetJsonAsync<RecordingCategoriesView>($"api/recordings/{recording}/categories");
        Assert.That(stored.Categories.Select(category => category.Name), Is.EqualTo(new[] { "Arrest" }));
        Assert.That((stored.Source, stored.OfficerId, stored.Evidence), Is.EqualTo(("control api", options.Identity.OfficerId, true)));
        Assert.That(await page.Locator("#recordings-list .category-error").First.TextContentAsync(), Is.Empty);
    }

    private static async Task RecordAsync(EmulatorServer emulator)
    {
        (await emulator.Http.PostAsync("/api/recording/start", null)).EnsureSuccessStatusCode();
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Recording), TimeSpan.FromSeconds(30));
        (await emulator.Http.PostAsync("/api/recording/stop", null)).EnsureSuccessStatusCode();
        await emulator.StatusWhenAsync(status => status.State == nameof(DeviceState.Buffering), TimeSpan.FromSeconds(30));
    }
}
