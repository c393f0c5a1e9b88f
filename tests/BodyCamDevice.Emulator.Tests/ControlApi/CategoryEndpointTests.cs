// Categories through the control API, on real time with the virtual camera: none before the
// camera knows the store's list; then a recording's categories set by its ID or a clip's name,
// read back, listed with the recording and audited; an unknown category, an unknown recording, a
// misspelt body and a docked camera each refused with what was wrong. The store's list is handed
// to the controller as a dock hands it (the dock itself is DockCategoryTests', against Swift).
using System.Net;
using System.Net.Http.Json;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Firmware.Core.Categories;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class CategoryEndpointTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task ARecordingsCategoriesAreSetReadAndRefusedWithReasons()
    {
        await using var emulator = await EmulatorServer.StartAsync(webUi: false);
        var none = await emulator.Http.GetJsonAsync<CategoriesView>("api/categories");
        Assert.That((none.Known, none.Categories.Count), Is.EqualTo((false, 0)));
        Assert.That(none.Note, Does.Contain("not yet been docked"));

        using (var early = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/recording/categories", new CategoriesRequest(["1"])))
        {
            Assert.That(early.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), await early.Content.ReadAsStringAsync());
        }

        emulator.Device.Rig.Controller.SetCategoryCatalog(new CategoryCatalog(true,
            [new("1", "Arrest"), new("2", "Routine", Evidence: false)], DateTimeOffset.UtcNow, "from the store"));
        var known = await emulator.Http.GetJsonAsync<CategoriesView>("api/categories");
        Assert.That(known.Categories.Select(category => (category.Id, category.Evidence)), Is.EqualTo(new[] { ("1", true), ("2", false) }));

        await emulator.Http.OkAsync(HttpMethod.Post, "api/recording/start");
        await Task.Delay(1200);
        await emulator.Http.OkAsync(HttpMethod.Post, "api/recording/stop");
        var recording = await FirstRecordingAsync(emulator);
        var id = recording.Manifest!.RecordingId;
        Assert.That(recording.Categories!.Categories, Is.Empty);

        await ExpectAsync(emulator, $"api/recordings/{id}/categories", new CategoriesRequest(["1", "9"]), HttpStatusCode.BadRequest, "'9'");
        await ExpectAsync(emulator, "api/recordings/BC-999999_20200101T000000Z_0001/categories", new CategoriesRequest(["1"]), HttpStatusCode.NotFound, "No recording");
        using (var misspelt = await emulator.Http.PutAsync($"api/recordings/{id}/categories", new StringContent("{\"categorys\": [\"1\"]}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.That(misspelt.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await misspelt.Content.ReadAsStringAsync(), Does.Contain("categorys"));
        }

        await ExpectAsync(emulator, $"api/recordings/{id}/categories", new CategoriesRequest([""]), HttpStatusCode.BadRequest, "category IDs");

        // By a clip's name; the answer is the record now beside the clips.
        using (var set = await emulator.Http.SendJsonAsync(HttpMethod.Put, $"api/recordings/{recording.Name}/categories", new CategoriesRequest(["2", "1"])))
        {
            Assert.That(set.StatusCode, Is.EqualTo(HttpStatusCode.OK), await set.Content.ReadAsStringAsync());
            var view = (await set.Content.ReadFromJsonAsync<RecordingCategoriesView>(ControlApiJson.Options))!;
            Assert.That(view.RecordingId, Is.EqualTo(id));
            Assert.That(view.Categories.Select(category => category.Name), Is.EqualTo(new[] { "Routine", "Arrest" }));
            Assert.That((view.Evidence, view.Source, view.OfficerId), Is.EqualTo((true, "control api", "UNASSIGNED")));
            Assert.That(File.Exists(Path.Combine(emulator.RecordingsPath, view.Record!)), Is.True);
        }

        var read = await emulator.Http.GetJsonAsync<RecordingCategoriesView>($"api/recordings/{id}/categories");
        Assert.That(read.Categories.Select(category => category.Id), Is.EqualTo(new[] { "2", "1" }));
        Assert.That((await FirstRecordingAsync(emulator)).Categories!.Evidence, Is.True, "listed with the recording");
        var audit = await emulator.Http.GetJsonAsync<AuditView[]>("api/audit");
        Assert.That(audit.Last(entry => entry.Kind == "category").Details["categories"], Is.EqualTo("2:Routine;1:Arrest"));

        // The last recording, without naming it: cleared.
        using (var cleared = await emulator.Http.SendJsonAsync(HttpMethod.Put, "api/recording/categories", new CategoriesRequest([])))
        {
            Assert.That(cleared.StatusCode, Is.EqualTo(HttpStatusCode.OK), await cleared.Content.ReadAsStringAsync());
        }

        Assert.That((await emulator.Http.GetJsonAsync<RecordingCategoriesView>($"api/recordings/{id}/categories")).Categories, Is.Empty);

        await emulator.Http.OkAsync(HttpMethod.Put, "api/dock", new DockRequest(true));
        await emulator.StatusWhenAsync(status => status.State == "Docked", TimeSpan.FromSeconds(10));
        await ExpectAsync(emulator, $"api/recordings/{id}/categories", new CategoriesRequest(["1"]), HttpStatusCode.Conflict, "docked");
    }

    private static async Task<RecordingView> FirstRecordingAsync(EmulatorServer emulator)
    {
        for (var i = 0; i < 150; i++)
        {
            var list = await emulator.Http.GetJsonAsync<RecordingView[]>("api/recordings");
            if (list.FirstOrDefault(item => item.Manifest is not null) is { } sealedClip)
            {
                return sealedClip;
            }

            await Task.Delay(100);
        }

        Assert.Fail("no sealed recording listed");
        return null!;
    }

    private static async Task ExpectAsync(EmulatorServer emulator, string path, CategoriesRequest body, HttpStatusCode status, string saying)
    {
        using var response = await emulator.Http.SendJsonAsync(HttpMethod.Put, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(text, Does.Contain(saying));
    }
}
