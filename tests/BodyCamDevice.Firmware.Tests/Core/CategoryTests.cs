// Categories on the camera, on virtual pins and a stepping clock: the function button's gesture
// after a recording, the control API's route (the controller's SetCategories), and what is
// refused. The recorder here keeps the assignments in memory (the file is CategoryRecordFileTests').
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Tests.Core;

public class CategoryTests
{
    private static readonly CategoryCatalog Catalog = new(true,
        [new("1", "Testimony"), new("2", "Traffic", Evidence: false), new("3", "Assault")], TestDevice.Epoch, "from the store");

    [Test]
    public void TheFunctionButtonStepsTheLastRecordingThroughTheCategoriesWithAToneForEach()
    {
        using var device = new TestDevice();
        var recorder = Attach(device, Catalog);
        var recording = RecordOne(device);

        var beeps = new List<int>();
        for (var press = 0; press < 4; press++)
        {
            device.ClearTraces();
            device.Press(100, 2000, DeviceInput.FunctionButton);
            beeps.Add(device.ToneStarts());
        }

        Assert.That(recorder.Written.Select(written => string.Join(',', written.Categories.Select(category => category.Id))),
            Is.EqualTo(new[] { "1", "2", "3", "" }), "first, next, next, then cleared after the last");
        Assert.That(recorder.Written.Select(written => written.RecordingId).Distinct(), Is.EqualTo(new[] { recording }));
        Assert.That(beeps, Is.EqualTo(new[] { 1, 2, 3, 1 }), "as many quick beeps as the category's place; one beep when cleared");

        var lines = device.AuditEntries.Where(entry => entry.Kind == "category").ToList();
        Assert.That(lines, Has.Count.EqualTo(4));
        Assert.That(lines.Select(line => line.Details["officer"]).Distinct(), Is.EqualTo(new[] { device.Options.Identity.OfficerId }));
        Assert.That(lines[0].Details["categories"], Is.EqualTo("1:Testimony"));
        Assert.That(lines[0].Details["evidence"], Is.EqualTo("true"));
        Assert.That(lines[1].Details["evidence"], Is.EqualTo("false"), "Traffic is marked as not evidence by the store");
        Assert.That(lines[0].Details["source"], Is.EqualTo("function button"));
        Assert.That(recorder.Written[0].SetUtc, Is.GreaterThan(TestDevice.Epoch), "stamped with the device clock");
    }

    [Test]
    public void AShortPressOfTheFunctionButtonWhileRecordingIsStillAMarker()
    {
        using var device = new TestDevice();
        var recorder = Attach(device, Catalog);
        device.DoublePress();
        device.Advance(1000);
        device.Press(100, 500, DeviceInput.FunctionButton);
        Assert.That(device.Device.Controller.Status.MarkerCount, Is.EqualTo(1));
        Assert.That(recorder.Written, Is.Empty);
    }

    [Test]
    public void BeforeAnyDockNoCategoryIsKnownAndTheGestureDoesNothing()
    {
        using var device = new TestDevice();
        var recorder = Attach(device, null);
        RecordOne(device);
        device.ClearTraces();
        device.Press(100, 2000, DeviceInput.FunctionButton);
        Assert.That(recorder.Written, Is.Empty);
        Assert.That(device.ToneStarts(), Is.EqualTo(0), "no confirmation: nothing was set");
        Assert.That(device.AuditEntries.Last(entry => entry.Kind == "category").Details["result"], Does.Contain("no categories known"));

        var answer = Set(device, null, ["1"]);
        Assert.That(answer.Outcome, Is.EqualTo(CategoryChangeOutcome.NoneKnown));
        Assert.That(answer.Detail, Does.Contain("not yet been docked"));
    }

    [Test]
    public void TheControlApiRouteSetsSeveralCategoriesOnTheCurrentRecordingAndNamesAnUnknownOne()
    {
        using var device = new TestDevice();
        var recorder = Attach(device, Catalog);
        device.DoublePress();
        device.Advance(1000);
        var current = device.Device.Controller.Status.RecordingId;

        var unknown = Set(device, null, ["3", "99"]);
        Assert.That(unknown.Outcome, Is.EqualTo(CategoryChangeOutcome.UnknownCategory));
        Assert.That(unknown.Detail, Does.Contain("'99'").And.Contain("3 (Assault)"));
        Assert.That(recorder.Written, Is.Empty, "nothing written for a refused request");

        var set = Set(device, null, ["3", "2"]);
        Assert.That(set.Outcome, Is.EqualTo(CategoryChangeOutcome.Set));
        Assert.That(set.Assignment!.RecordingId, Is.EqualTo(current), "the recording in progress");
        Assert.That(set.Assignment.Categories.Select(category => category.Name), Is.EqualTo(new[] { "Assault", "Traffic" }));
        Assert.That(set.Assignment.IsEvidence, Is.True, "one evidence category is enough");
        Assert.That(device.AuditEntries.Last(entry => entry.Kind == "category").Details["source"], Is.EqualTo("control api"));
    }

    [Test]
    public void NothingIsSetWhileDockedOrWithoutAnyRecording()
    {
        using var device = new TestDevice();
        var recorder = Attach(device, Catalog);
        Assert.That(Set(device, null, ["1"]).Outcome, Is.EqualTo(CategoryChangeOutcome.NoRecording));

        var recording = RecordOne(device);
        device.Device.SetInput(DeviceInput.DockDetect, true);
        device.Advance(200);
        Assert.That(device.State, Is.EqualTo(DeviceState.Docked));
        var docked = Set(device, recording, ["1"]);
        Assert.That(docked.Outcome, Is.EqualTo(CategoryChangeOutcome.Docked));
        Assert.That(docked.Detail, Does.Contain("docked"));
        Assert.That(recorder.Written, Is.Empty);
    }

    [Test]
    public void AFailedWriteChangesNothingAndIsAudited()
    {
        using var device = new TestDevice();
        var recorder = Attach(device, Catalog);
        var recording = RecordOne(device);
        recorder.Fail = "card read-only";
        var answer = Set(device, recording, ["1"]);
        Assert.That(answer.Outcome, Is.EqualTo(CategoryChangeOutcome.Failed));
        Assert.That(answer.Detail, Does.Contain("card read-only"));
        Assert.That(device.AuditEntries.Last(entry => entry.Kind == "category").Details["result"], Does.StartWith("failed"));

        // The gesture then starts from no category: the failed one never counted.
        recorder.Fail = null;
        device.Press(100, 2000, DeviceInput.FunctionButton);
        Assert.That(recorder.Written.Single().Categories.Single().Id, Is.EqualTo("1"));
    }

    [Test]
    public void TheCatalogStepsAndPlaces()
    {
        Assert.That(Catalog.After(null)!.Id, Is.EqualTo("1"));
        Assert.That(Catalog.After("1")!.Id, Is.EqualTo("2"));
        Assert.That(Catalog.After("3"), Is.Null, "after the last: none");
        Assert.That(Catalog.After("gone")!.Id, Is.EqualTo("1"), "a category the store dropped starts over");
        Assert.That(Catalog.Position("3"), Is.EqualTo(3));
        Assert.That(CategoryCatalog.None.After(null), Is.Null);
        Assert.That(CategoryCatalog.None.Known, Is.False);
    }

    private static MemoryCategoryRecorder Attach(TestDevice device, CategoryCatalog? catalog)
    {
        var recorder = new MemoryCategoryRecorder();
        device.Device.Controller.AttachCategoryRecorder(recorder);
        if (catalog is not null)
        {
            device.Device.Controller.SetCategoryCatalog(catalog);
        }

        return recorder;
    }

    private static string RecordOne(TestDevice device)
    {
        device.DoublePress();
        device.Advance(1000);
        var id = device.Device.Controller.Status.RecordingId!;
        device.Device.Controller.RequestStop(StopReason.ControlApi);
        device.Advance(2000);
        Assert.That(device.State, Is.EqualTo(DeviceState.Buffering));
        return id;
    }

    private static CategoryChangeResult Set(TestDevice device, string? recording, IReadOnlyList<string> ids)
    {
        var answer = device.Device.Controller.SetCategories(recording, ids, "control api");
        Assert.That(answer.Wait(TimeSpan.FromSeconds(5)), Is.True, "answered on the loop");
        return answer.Result;
    }

    private sealed class MemoryCategoryRecorder : ICategoryRecorder
    {
        public List<CategoryAssignment> Written { get; } = [];

        public string? Fail { get; set; }

        public Task WriteAsync(CategoryAssignment assignment)
        {
            if (Fail is { } reason)
            {
                return Task.FromException(new IOException(reason));
            }

            Written.Add(assignment);
            return Task.CompletedTask;
        }
    }
}
