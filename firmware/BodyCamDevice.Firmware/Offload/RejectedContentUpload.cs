// Content the store rejected (400), sent where the store asked for it when it has the
// StoreRejectedContent capability: a container RejectedContent_<time>_<UUID> with the recording's
// metadata (no Status) plus the original container's name, the time and the reason, and in it the
// rejected objects with their own metadata plus RejectedContentOriginalContainer. No expiry: the
// back office decides what happens to it. The camera keeps the recording either way.
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Firmware.Offload;

internal sealed class RejectedContentUpload(SwiftStoreClient store, StoreRetry retry, TimeProvider time)
{
    /// <returns>The rejected-content container's name.</returns>
    public async Task<string> RunAsync(RecordingLayout layout, IReadOnlyList<StoreObjectPlan> rejected, string reason, CancellationToken cancellationToken)
    {
        var decided = time.GetUtcNow();
        var container = BwiNames.RejectedContainer(decided, Guid.NewGuid());
        var metadata = layout.ContainerMetadata
            .Where(pair => pair.Key != "ContainerName")
            .Prepend(new("ContainerName", container))
            .Append(new("RejectedContentOriginalContainer", layout.Container))
            .Append(new("RejectedContentTime", BwiMetadata.Iso(decided)))
            .Append(new("RejectedContentReason", reason))
            .Select(pair => new KeyValuePair<string, string>(BwiMetadata.HeaderName(BwiMetadata.ContainerPrefix, pair.Key), BwiMetadata.Encode(pair.Key, pair.Value)))
            .ToList();
        await retry.RunAsync(token => store.PutContainerAsync(container, metadata, token), cancellationToken).ConfigureAwait(false);

        foreach (var item in rejected)
        {
            var body = item.Bytes is { } bytes ? UploadBody.FromBytes(bytes) : UploadBody.FromFile(item.LocalPath!, item.Size);
            var headers = RecordingUpload.ObjectHeaders(item.Metadata.Append(new("RejectedContentOriginalContainer", layout.Container)), deleteAt: null);
            await retry.RunAsync(token => store.PutObjectAsync(container, item.Name, body, item.Md5, item.ContentType, headers, null, token), cancellationToken).ConfigureAwait(false);
        }

        return container;
    }
}
