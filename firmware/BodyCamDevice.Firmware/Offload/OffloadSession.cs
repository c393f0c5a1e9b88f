// One dock's offload: authenticate, read what the store offers, register the camera (its public
// signing key), then each recording in offload order (evidence first, then oldest) until all are
// done or something stops the dock: the store full (507), busy or unreachable on every retry,
// credentials or certificate refused, or the camera undocked (cancellation). A recording the
// store rejects does not stop the others. While one recording's bytes go out, the one before is
// finished (Complete, HEAD checks) on a second connection: those steps wait on the store more
// than on the link. Resumes from the per-recording journals; deletes nothing: the caller deletes
// the local files of recordings reported Confirmed. Observers are called from both connections'
// tasks, never at once for the same recording.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Firmware.Offload;

/// <param name="DeviceSerial">The camera's serial (Devices/&lt;serial&gt;).</param>
/// <param name="SigningKeyPem">The camera's public signing key, PEM; null while the camera has none.</param>
/// <param name="JournalDirectory">Absolute: where each recording's offload journal is kept.</param>
public sealed record OffloadSessionOptions(string DeviceSerial, string? SigningKeyPem, string JournalDirectory, OffloadSettings Settings);

public sealed class OffloadSession(ConnectionSettings connection, OffloadSessionOptions options, TimeProvider time, IOffloadObserver? observer = null)
{
    private readonly IOffloadObserver _observer = observer ?? new SilentObserver();

    public async Task<OffloadReport> RunAsync(IEnumerable<OffloadRecording> recordings, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var ordered = OffloadOrder.Of(recordings);
        var results = new List<RecordingOffloadResult>();
        var settings = options.Settings;
        var retry = new StoreRetry(settings, time, (failure, delay, attempt) => _observer.Retrying(failure.Message, delay, attempt));
        // One client per step: recording N+1 is prepared and N-1 finished while N's bytes go out.
        using var preparer = new SwiftStoreClient(connection, time, settings.StallTimeout);
        using var sender = new SwiftStoreClient(connection, time, settings.StallTimeout);
        using var finisher = new SwiftStoreClient(connection, time, settings.StallTimeout);
        StoreProfile? profile = null;
        var inFlight = new List<Task>();
        try
        {
            await retry.RunAsync(sender.AuthenticateAsync, cancellationToken).ConfigureAwait(false);
            profile = await StoreProfileReader.ReadAsync(sender, connection, retry, cancellationToken).ConfigureAwait(false);
            _observer.Connected(profile);
            // On the finishing client, which has nothing to do until the first recording is sent.
            Task? finishing = Track(DeviceRegistration.RegisterAsync(finisher, retry, options.DeviceSerial, settings.DeviceModel, options.SigningKeyPem, cancellationToken));

            var upload = new RecordingUpload(new OffloadClients(preparer, sender, finisher), retry, settings, profile, time, _observer);
            var layoutOptions = new LayoutOptions(connection.ContainerType, settings.TimeZone, settings.DeviceModel, connection.WantEncryption);
            Task<PendingRecording?> Prepare(OffloadRecording recording)
            {
                var layout = BwiRecordingLayout.Plan(recording, profile.Capabilities, layoutOptions);
                var deleteAt = RetentionPolicy.DeleteAt(recording, settings.Retention, settings.MinimumTimeInStore, time.GetUtcNow());
                var journal = OffloadJournal.Open(options.JournalDirectory, recording.RecordingId);
                return Track(Attempt(recording, layout.Container, upload.PrepareAsync(recording, layout, deleteAt, journal, cancellationToken)));
            }

            var preparing = ordered.Count > 0 ? Prepare(ordered[0]) : null;
            for (var index = 0; index < ordered.Count; index++)
            {
                var prepared = await preparing!.ConfigureAwait(false);
                preparing = index + 1 < ordered.Count ? Prepare(ordered[index + 1]) : null;
                if (prepared is null)
                {
                    continue; // this recording failed on its own; the next one goes on
                }

                var sent = await Track(Attempt(ordered[index], prepared.Layout.Container, upload.SendAsync(prepared, cancellationToken))).ConfigureAwait(false);
                if (finishing is not null)
                {
                    await finishing.ConfigureAwait(false);
                }

                finishing = sent is null ? null : Track(CollectAsync(sent.Recording, sent.Layout.Container, upload.FinishAsync(sent, cancellationToken)));
            }

            if (finishing is not null)
            {
                await finishing.ConfigureAwait(false);
            }

            return Report(OffloadOutcome.Completed, null);
        }
        catch (StoreException exception)
        {
            await DrainAsync().ConfigureAwait(false);
            return Report(OutcomeOf(exception), exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await DrainAsync().ConfigureAwait(false);
            return Report(OffloadOutcome.Cancelled, "cancelled (undocked or shut down)");
        }

        T Track<T>(T task)
            where T : Task
        {
            inFlight.Add(task);
            return task;
        }

        // A failure of one recording alone (a local file, a 404, an answer out of the API) is its
        // own result; one that stops the dock is recorded for it and thrown on.
        async Task<T?> Attempt<T>(OffloadRecording recording, string container, Task<T> step)
            where T : class
        {
            try
            {
                return await step.ConfigureAwait(false);
            }
            catch (StoreException exception) when (!exception.StopsOffload && !exception.IsTransient)
            {
                Add(new RecordingOffloadResult(recording.RecordingId, RecordingOffloadOutcome.Interrupted, container, null, exception.Message, null, 0, []));
                return null;
            }
            catch (Exception exception) when (exception is StoreException or OperationCanceledException)
            {
                Add(new RecordingOffloadResult(recording.RecordingId, RecordingOffloadOutcome.Interrupted, container, null, exception.Message, null, 0, []));
                throw;
            }
        }

        async Task CollectAsync(OffloadRecording recording, string container, Task<RecordingOffloadResult> finish)
        {
            if (await Attempt(recording, container, finish).ConfigureAwait(false) is { } result)
            {
                Add(result);
            }
        }

        // Whatever was still under way when the dock stops ends before the clients are closed;
        // each recording gets its result (Attempt records the interrupted ones).
        async Task DrainAsync()
        {
            foreach (var task in inFlight)
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is StoreException or OperationCanceledException)
                {
                }
            }
        }

        void Add(RecordingOffloadResult result)
        {
            // From the sending and the finishing task; Report puts them in offload order.
            lock (results)
            {
                results.Add(result);
            }

            _observer.RecordingFinished(result);
        }

        OffloadReport Report(OffloadOutcome outcome, string? reason)
        {
            var all = ordered.Select(recording => results.FirstOrDefault(result => result.RecordingId == recording.RecordingId)
                ?? new RecordingOffloadResult(recording.RecordingId, RecordingOffloadOutcome.NotAttempted, null, null, reason, null, 0, [])).ToList();
            return new OffloadReport(outcome, reason, profile, all, started, time.GetUtcNow());
        }
    }

    private static OffloadOutcome OutcomeOf(StoreException exception) => exception.Kind switch
    {
        StoreFailureKind.Full => OffloadOutcome.StoreFull,
        StoreFailureKind.Busy => OffloadOutcome.StoreBusy,
        StoreFailureKind.Unauthorized => OffloadOutcome.AuthenticationFailed,
        StoreFailureKind.CertificateRefused => OffloadOutcome.CertificateRefused,
        StoreFailureKind.LicenceRequired or StoreFailureKind.Forbidden => OffloadOutcome.Refused,
        _ => OffloadOutcome.Unreachable,
    };

    private sealed class SilentObserver : IOffloadObserver;
}
