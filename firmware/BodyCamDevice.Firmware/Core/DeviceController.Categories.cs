// DeviceController, part four: categories on recordings. The store's list (CategoryCatalog) is
// handed in by the adapters (the copy kept on the device at start, a fresh one at each dock). The
// officer sets the categories of the current or last recording through the control API, or steps
// the last recording's category with a short press of the function button while buffering: the
// next category in the store's order, none after the last, confirmed by as many quick beeps as
// the category's place in the list (a half-long beep when cleared). Refused while docked (the
// recordings may be leaving the camera). The controller decides; the recorder adapter writes the
// signed record beside the recording off the loop, and only once it is on storage is the change
// audited (with the officer) and confirmed. No I/O here.
using BodyCamDevice.Firmware.Core.Categories;

namespace BodyCamDevice.Firmware.Core;

public sealed partial class DeviceController
{
    private ICategoryRecorder? _categoryRecorder;
    private volatile CategoryCatalog _catalog = CategoryCatalog.None;
    private string? _lastRecordingId;

    // The single category the gesture last left on a recording, so the next press steps on from it.
    private (string Recording, string? Category)? _gestureCategory;

    /// <summary>The categories the camera knows; from any thread.</summary>
    public CategoryCatalog Categories => _catalog;

    /// <summary>Gives the controller the adapter that writes category records; before <see cref="Start"/>, once.</summary>
    public void AttachCategoryRecorder(ICategoryRecorder recorder) => _loop.Post(() => _categoryRecorder = recorder);

    /// <summary>The store's categories as the camera now knows them (loaded at start, read at a dock); from any thread.</summary>
    public void SetCategoryCatalog(CategoryCatalog catalog) => _loop.Post(() =>
    {
        var before = _catalog;
        _catalog = catalog;
        if (before.Known != catalog.Known || !before.Entries.SequenceEqual(catalog.Entries))
        {
            _audit.Record("categories", ("known", catalog.Known ? "true" : "false"), ("count", Number(catalog.Entries.Count)),
                ("ids", string.Join(' ', catalog.Entries.Select(entry => entry.Id))), ("note", catalog.Note));
        }
    });

    /// <summary>
    /// Sets the categories of recording <paramref name="recordingId"/> (the current one, else the
    /// last since power on, when null), replacing those it had; an empty list clears them. From
    /// any thread; the task ends once the record is on storage and audited, or with why not.
    /// </summary>
    public Task<CategoryChangeResult> SetCategories(string? recordingId, IReadOnlyList<string> categoryIds, string source)
    {
        var answer = new TaskCompletionSource<CategoryChangeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.Post(() => TrySetCategories(recordingId, categoryIds, source, null, answer));
        return answer.Task;
    }

    private bool CycleCategory()
    {
        if (_machine.State != DeviceState.Buffering)
        {
            return false;
        }

        if (_lastRecordingId is not { } recording)
        {
            _audit.Record("category", ("result", "refused: no recording since power on or the last dock"), ("source", "function button"));
            return false;
        }

        if (_catalog.Entries.Count == 0)
        {
            _audit.Record("category", ("recording", recording), ("result", "refused: " + _catalog.Note), ("source", "function button"));
            return false;
        }

        var current = _gestureCategory is { } last && last.Recording == recording ? last.Category : null;
        var next = _catalog.After(current);
        TrySetCategories(recording, next is null ? [] : [next.Id], "function button", next, answer: null);
        return true;
    }

    // On the loop. `gestureChoice`: the category a gesture stepped to (its tone), null otherwise.
    private void TrySetCategories(string? recordingId, IReadOnlyList<string> categoryIds, string source, CategoryEntry? gestureChoice, TaskCompletionSource<CategoryChangeResult>? answer)
    {
        var refusal = Refusal(recordingId, categoryIds);
        if (refusal is not null)
        {
            _audit.Record("category", ("recording", recordingId ?? _recordingId ?? _lastRecordingId ?? ""), ("result", "refused: " + refusal.Detail), ("source", source));
            answer?.TrySetResult(refusal);
            return;
        }

        var target = recordingId ?? _recordingId ?? _lastRecordingId!;
        var entries = categoryIds.Distinct(StringComparer.Ordinal).Select(id => _catalog.Find(id)!).ToList();
        var assignment = new CategoryAssignment(target, entries, _options.Identity.OfficerId, _options.Identity.DeviceSerial, source, _loop.Time.GetUtcNow());
        var recorder = _categoryRecorder!;
        recorder.WriteAsync(assignment).ContinueWith(written => _loop.Post(() =>
        {
            if (written.IsCompletedSuccessfully)
            {
                OnCategoriesWritten(assignment, gestureChoice);
                answer?.TrySetResult(new CategoryChangeResult(CategoryChangeOutcome.Set, "set", assignment));
            }
            else
            {
                var reason = written.Exception?.GetBaseException().Message ?? "cancelled";
                _audit.Record("category", ("recording", target), ("result", "failed: " + reason), ("source", source), ("officer", assignment.OfficerId));
                answer?.TrySetResult(new CategoryChangeResult(CategoryChangeOutcome.Failed, $"the category record of {target} could not be written: {reason}"));
            }
        }), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private CategoryChangeResult? Refusal(string? recordingId, IReadOnlyList<string> categoryIds)
    {
        if (_machine.State == DeviceState.Docked)
        {
            return new(CategoryChangeOutcome.Docked, "the camera is docked: its recordings may be leaving it; set categories before docking");
        }

        if (recordingId is null && _recordingId is null && _lastRecordingId is null)
        {
            return new(CategoryChangeOutcome.NoRecording, "no recording in progress and none made since power on or the last dock; name the recording");
        }

        if (categoryIds.Count > 0 && !_catalog.Known)
        {
            return new(CategoryChangeOutcome.NoneKnown, _catalog.Note);
        }

        var unknown = categoryIds.Where(id => _catalog.Find(id) is null).ToList();
        if (unknown.Count > 0)
        {
            var known = string.Join(", ", _catalog.Entries.Select(entry => $"{entry.Id} ({entry.Name})"));
            return new(CategoryChangeOutcome.UnknownCategory,
                $"unknown category {string.Join(", ", unknown.Select(id => $"'{id}'"))}: the store's categories are {(known.Length == 0 ? "none" : known)}");
        }

        if (_categoryRecorder is null)
        {
            return new(CategoryChangeOutcome.Failed, "this device keeps no category records");
        }

        return null;
    }

    private void OnCategoriesWritten(CategoryAssignment assignment, CategoryEntry? gestureChoice)
    {
        _audit.Record("category", ("recording", assignment.RecordingId), ("result", "set"),
            ("categories", string.Join(';', assignment.Categories.Select(category => $"{category.Id}:{category.Name}"))),
            ("evidence", assignment.IsEvidence ? "true" : "false"), ("officer", assignment.OfficerId), ("source", assignment.Source));
        _gestureCategory = (assignment.RecordingId, assignment.Categories.Count == 1 ? assignment.Categories[0].Id : null);
        if (assignment.Source == "function button")
        {
            _tones.Play(gestureChoice is null ? _tonePatterns.CategoryCleared : _tonePatterns.CategorySet(_catalog.Position(gestureChoice.Id)));
        }
    }

    // The recording the gesture applies to: the last one stopped, until the camera docks.
    private void RememberLastRecording(string? stoppedRecordingId) => _lastRecordingId = stoppedRecordingId;
}
