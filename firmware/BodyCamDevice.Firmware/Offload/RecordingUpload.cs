// One recording into the store, resuming from its journal: the container with the recording's
// metadata and Status Transferring; every object not already stored, each PUT with its MD5 as
// ETag and the answer's ETag checked (a damaged body is sent again, a bounded number of times);
// Status Complete; then every object checked by HEAD (size and MD5) before the recording counts as
// confirmed. Three steps (prepare, send, finish) on three clients, so that the steps that wait on
// the store overlap the bytes of the recording being sent. An object the store rejects (400) is left out and the recording ends "not
// transferred", copied to a RejectedContent container when the store takes those.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Firmware.Offload;

internal sealed class RecordingUpload(
    OffloadClients clients,
    StoreRetry retry,
    OffloadSettings settings,
    StoreProfile profile,
    TimeProvider time,
    IOffloadObserver observer)
{
    /// <summary>The three steps one after the other.</summary>
    public async Task<RecordingOffloadResult> RunAsync(OffloadRecording recording, RecordingLayout layout, DateTimeOffset? deleteAt, OffloadJournal journal, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(recording, layout, deleteAt, journal, cancellationToken).ConfigureAwait(false);
        var sent = await SendAsync(prepared, cancellationToken).ConfigureAwait(false);
        return await FinishAsync(sent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first step, on the preparing client: what the journal already knows, the container's
    /// name and the container itself. It and the last step wait on the store more than on the
    /// link, so the session runs them for the recordings before and after the one whose bytes go out.
    /// </summary>
    public async Task<PendingRecording> PrepareAsync(OffloadRecording recording, RecordingLayout layout, DateTimeOffset? deleteAt, OffloadJournal journal, CancellationToken cancellationToken)
    {
        if (journal.Container is { } chosen && chosen != layout.Container)
        {
            layout = layout with { Container = chosen };
        }

        if (journal.Confirmed is { } confirmed)
        {
            // Confirmed at an earlier dock (its local files may not be deleted yet): nothing is sent again.
            return new(recording, layout, deleteAt, journal, 0, Result(recording, RecordingOffloadOutcome.Confirmed, layout, 0, confirmation: Confirmation(layout, deleteAt, confirmed.Utc)));
        }

        if (journal.NotTransferred is { } notTransferred)
        {
            return new(recording, layout, deleteAt, journal, 0, Result(recording, RecordingOffloadOutcome.NotTransferred, layout, 0, notTransferred.Reason, notTransferred.RejectedContainer));
        }

        if (!journal.Complete)
        {
            layout = await ContainerOfItsOwnAsync(recording, layout, journal, cancellationToken).ConfigureAwait(false);
            try
            {
                await retry.RunAsync(token => clients.Preparer.PutContainerAsync(layout.Container, ContainerHeaders(layout, "Transferring"), token), cancellationToken).ConfigureAwait(false);
            }
            catch (StoreException exception) when (exception.Kind == StoreFailureKind.Rejected)
            {
                // The recording as a whole cannot be stored (its metadata): every object goes to rejected content.
                return new(recording, layout, deleteAt, journal, 0, await NotTransferredAsync(clients.Preparer, recording, layout, layout.Objects, exception.Message, journal, cancellationToken).ConfigureAwait(false));
            }

            journal.RecordContainer(layout.Container, time.GetUtcNow());
        }

        return new(recording, layout, deleteAt, journal, 0, null);
    }

    /// <summary>The second step, on the sending client: every object not yet stored.</summary>
    public async Task<PendingRecording> SendAsync(PendingRecording pending, CancellationToken cancellationToken)
    {
        if (pending.Done is not null || pending.Journal.Complete)
        {
            return pending;
        }

        var (recording, layout, deleteAt, journal, sent, _) = pending;
        foreach (var item in layout.Objects)
        {
            if (journal.IsStored(item.Name, item.Md5) || journal.RejectedObjects.ContainsKey(item.Name))
            {
                continue;
            }

            try
            {
                sent += await PutAsync(recording, layout.Container, item, deleteAt, cancellationToken).ConfigureAwait(false);
                journal.RecordStored(item.Name, item.Md5, item.Size, time.GetUtcNow(), item.LocalPath);
                observer.ObjectStored(recording.RecordingId, layout.Container, item.Name, item.Size);
            }
            catch (StoreException exception) when (exception.Kind == StoreFailureKind.Rejected)
            {
                journal.RecordObjectRejected(item.Name, exception.Message, time.GetUtcNow());
            }
        }

        return pending with { Sent = sent };
    }

    /// <summary>The second step, on the finishing client: Status Complete, then every object checked by HEAD.</summary>
    public async Task<RecordingOffloadResult> FinishAsync(PendingRecording pending, CancellationToken cancellationToken)
    {
        if (pending.Done is { } done)
        {
            return done;
        }

        var (recording, layout, deleteAt, journal, sent, _) = pending;
        if (!journal.Complete)
        {
            await retry.RunAsync(token => clients.Finisher.PostContainerAsync(layout.Container, [new(BwiMetadata.HeaderName(BwiMetadata.ContainerPrefix, "Status"), "Complete")], token), cancellationToken).ConfigureAwait(false);
            journal.RecordComplete(time.GetUtcNow());
        }

        var missing = await VerifyAsync(layout, journal, cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0)
        {
            return Result(recording, RecordingOffloadOutcome.Interrupted, layout, sent, "not confirmed: " + string.Join("; ", missing));
        }

        if (journal.RejectedObjects.Count > 0)
        {
            var rejected = layout.Objects.Where(item => journal.RejectedObjects.ContainsKey(item.Name)).ToList();
            return await NotTransferredAsync(clients.Finisher, recording, layout, rejected, string.Join("; ", journal.RejectedObjects.Values), journal, cancellationToken, sent).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        journal.RecordConfirmed(layout.Objects.Count, layout.Objects.Sum(item => item.Size), now);
        return Result(recording, RecordingOffloadOutcome.Confirmed, layout, sent, confirmation: Confirmation(layout, deleteAt, now));
    }

    // The API names a recording's container by officer, camera and trigger second; two recordings
    // can share that second (a clock reset after a reboot). A container already there that holds
    // another recording (another start time) is never mixed with this one: this one takes the name
    // with its recording counter appended. The journal keeps the name chosen for later docks.
    private async Task<RecordingLayout> ContainerOfItsOwnAsync(OffloadRecording recording, RecordingLayout layout, OffloadJournal journal, CancellationToken cancellationToken)
    {
        var name = journal.Container;
        if (name is null)
        {
            var existing = await retry.RunAsync(token => clients.Preparer.HeadContainerAsync(layout.Container, token), cancellationToken).ConfigureAwait(false);
            name = existing is null || existing.Value("StartTimeISO") is not { } start || start == BwiMetadata.Iso(recording.Start)
                ? layout.Container
                : $"{layout.Container}_{recording.RecordingId[(recording.RecordingId.LastIndexOf('_') + 1)..]}";
        }

        return name == layout.Container ? layout : layout with
        {
            Container = name,
            ContainerMetadata = layout.ContainerMetadata.Select(pair => pair.Key == "ContainerName" ? new KeyValuePair<string, string>(pair.Key, name) : pair).ToList(),
        };
    }

    /// <returns>The number of PUTs it took (1, more after corrupt answers).</returns>
    private async Task<int> PutAsync(OffloadRecording recording, string container, StoreObjectPlan item, DateTimeOffset? deleteAt, CancellationToken cancellationToken)
    {
        var body = item.Bytes is { } bytes ? UploadBody.FromBytes(bytes) : UploadBody.FromFile(item.LocalPath!, item.Size);
        var headers = ObjectHeaders(item.Metadata, deleteAt);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await retry.RunAsync(
                    token => clients.Sender.PutObjectAsync(container, item.Name, body, item.Md5, item.ContentType, headers,
                        sentBytes => observer.ObjectProgress(recording.RecordingId, item.Name, sentBytes, item.Size), token),
                    cancellationToken).ConfigureAwait(false);
                return attempt;
            }
            catch (StoreException exception) when (exception.Kind == StoreFailureKind.Corrupt && attempt <= settings.CorruptResends)
            {
                observer.Resending(recording.RecordingId, item.Name, attempt, exception.Message);
            }
            catch (StoreException exception) when (exception.Kind == StoreFailureKind.Corrupt && item.LocalPath is { } path)
            {
                // Damaged every time: was it the file on the camera, changed since it was written?
                var now = await OffloadFiles.Md5Async(path, cancellationToken).ConfigureAwait(false);
                if (now != item.Md5)
                {
                    throw new StoreException(StoreFailureKind.LocalFile, $"{path} no longer has the MD5 it was written with ({item.Md5}; now {now})", inner: exception);
                }

                throw;
            }
        }
    }

    private async Task<List<string>> VerifyAsync(RecordingLayout layout, OffloadJournal journal, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var item in layout.Objects)
        {
            if (journal.RejectedObjects.ContainsKey(item.Name))
            {
                continue;
            }

            var head = await retry.RunAsync(token => clients.Finisher.HeadObjectAsync(layout.Container, item.Name, token), cancellationToken).ConfigureAwait(false);
            var problem = head is null ? "missing"
                : head.Size != item.Size ? $"{head.Size} bytes instead of {item.Size}"
                : head.Etag != item.Md5 ? $"MD5 {head.Etag} instead of {item.Md5}"
                : null;
            if (problem is not null)
            {
                problems.Add($"{item.Name} {problem}");
                journal.RecordVerifyFailed(item.Name, problem, time.GetUtcNow());
            }
        }

        return problems;
    }

    private async Task<RecordingOffloadResult> NotTransferredAsync(SwiftStoreClient store, OffloadRecording recording, RecordingLayout layout, IReadOnlyList<StoreObjectPlan> rejected, string reason, OffloadJournal journal, CancellationToken cancellationToken, int sent = 0)
    {
        string? rejectedContainer = null;
        if (profile.Capabilities.StoreRejectedContent)
        {
            var content = new RejectedContentUpload(store, retry, time);
            rejectedContainer = await content.RunAsync(layout, rejected, reason, cancellationToken).ConfigureAwait(false);
            sent += rejected.Count;
        }

        journal.RecordNotTransferred(reason, rejectedContainer, time.GetUtcNow());
        return Result(recording, RecordingOffloadOutcome.NotTransferred, layout, sent, reason, rejectedContainer);
    }

    private static IEnumerable<KeyValuePair<string, string>> ContainerHeaders(RecordingLayout layout, string status) =>
        layout.ContainerMetadata.Append(new("Status", status))
            .Select(pair => new KeyValuePair<string, string>(BwiMetadata.HeaderName(BwiMetadata.ContainerPrefix, pair.Key), BwiMetadata.Encode(pair.Key, pair.Value)));

    internal static List<KeyValuePair<string, string>> ObjectHeaders(IEnumerable<KeyValuePair<string, string>> metadata, DateTimeOffset? deleteAt)
    {
        var headers = metadata
            .Select(pair => new KeyValuePair<string, string>(BwiMetadata.HeaderName(BwiMetadata.ObjectPrefix, pair.Key), BwiMetadata.Encode(pair.Key, pair.Value)))
            .ToList();
        if (deleteAt is { } expiry)
        {
            headers.Add(new("X-Delete-At", BwiMetadata.EpochSeconds(expiry)));
        }

        return headers;
    }

    private static StoreConfirmation Confirmation(RecordingLayout layout, DateTimeOffset? deleteAt, DateTimeOffset verified) =>
        new(layout.Container, verified, deleteAt, layout.Objects
            .Select(item => new StoredObject(item.Name, item.Kind, item.ClipIndex, item.LocalPath, item.Size, item.Md5))
            .ToList());

    private static RecordingOffloadResult Result(OffloadRecording recording, RecordingOffloadOutcome outcome, RecordingLayout layout, int sent, string? reason = null, string? rejectedContainer = null, StoreConfirmation? confirmation = null) =>
        new(recording.RecordingId, outcome, layout.Container, confirmation, reason, rejectedContainer, sent, layout.Notes);
}

/// <summary>A recording whose bytes are sent and whose Complete and checks are still to come; Done when nothing is left to do.</summary>
internal sealed record PendingRecording(OffloadRecording Recording, RecordingLayout Layout, DateTimeOffset? DeleteAt, OffloadJournal Journal, int Sent, RecordingOffloadResult? Done);

/// <summary>One client per step, so that the steps of neighbouring recordings can overlap (each client does one request at a time).</summary>
internal sealed record OffloadClients(SwiftStoreClient Preparer, SwiftStoreClient Sender, SwiftStoreClient Finisher);
