// One dock's offload: authenticate, read what the store offers, register the camera (its public
// signing key), then each recording in offload order (evidence first, then oldest) until all are
// done or something stops the dock: the store full (507), busy or unreachable on every retry,
// credentials or certificate refused, or the camera undocked (cancellation). A recording the
// store rejects does not stop the others. Resumes from the per-recording journals; deletes
// nothing: the caller deletes the local files of recordings reported Confirmed.
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
        using var store = new SwiftStoreClient(connection, time, settings.StallTimeout);
        StoreProfile? profile = null;
        try
        {
            await retry.RunAsync(store.AuthenticateAsync, cancellationToken).ConfigureAwait(false);
            profile = await StoreProfileReader.ReadAsync(store, connection, retry, cancellationToken).ConfigureAwait(false);
            _observer.Connected(profile);
            await DeviceRegistration.RegisterAsync(store, retry, options.DeviceSerial, settings.DeviceModel, options.SigningKeyPem, cancellationToken).ConfigureAwait(false);

            var upload = new RecordingUpload(store, retry, settings, profile, time, _observer);
            var layoutOptions = new LayoutOptions(connection.ContainerType, settings.TimeZone, settings.DeviceModel, connection.WantEncryption);
            foreach (var recording in ordered)
            {
                var layout = BwiRecordingLayout.Plan(recording, profile.Capabilities, layoutOptions);
                var deleteAt = RetentionPolicy.DeleteAt(recording, settings.Retention, settings.MinimumTimeInStore, time.GetUtcNow());
                var journal = OffloadJournal.Open(options.JournalDirectory, recording.RecordingId);
                RecordingOffloadResult result;
                try
                {
                    result = await upload.RunAsync(recording, layout, deleteAt, journal, cancellationToken).ConfigureAwait(false);
                }
                catch (StoreException exception) when (!exception.StopsOffload && !exception.IsTransient)
                {
                    // This recording only (a local file, a 404, an answer out of the API): the next one goes on.
                    result = new RecordingOffloadResult(recording.RecordingId, RecordingOffloadOutcome.Interrupted, layout.Container, null, exception.Message, null, 0, layout.Notes);
                }
                catch (Exception exception) when (exception is StoreException or OperationCanceledException)
                {
                    results.Add(new RecordingOffloadResult(recording.RecordingId, RecordingOffloadOutcome.Interrupted, layout.Container, null, exception.Message, null, 0, layout.Notes));
                    _observer.RecordingFinished(results[^1]);
                    throw;
                }

                results.Add(result);
                _observer.RecordingFinished(result);
            }

            return Report(OffloadOutcome.Completed, null);
        }
        catch (StoreException exception)
        {
            return Report(OutcomeOf(exception), exception.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Report(OffloadOutcome.Cancelled, "cancelled (undocked or shut down)");
        }

        OffloadReport Report(OffloadOutcome outcome, string? reason)
        {
            foreach (var recording in ordered.Skip(results.Count))
            {
                results.Add(new RecordingOffloadResult(recording.RecordingId, RecordingOffloadOutcome.NotAttempted, null, null, reason, null, 0, []));
            }

            return new OffloadReport(outcome, reason, profile, results, started, time.GetUtcNow());
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
