// The back office's side of retention: flag a stored recording as evidence (its objects lose their
// expiry), and list the store's recordings with their status and expiry. Flagging POSTs each
// object with X-Remove-Delete-At and every X-Object-Meta-* it had, because Swift's POST replaces
// all of an object's metadata; then it checks by HEAD that no expiry is left.
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Firmware.Offload;

/// <param name="DeleteAt">The earliest expiry of its objects; null when none expires (evidence).</param>
public sealed record StoredRecording(string Container, string? Status, string? TriggerOnTimeIso, long Objects, long Bytes, DateTimeOffset? DeleteAt, string? FlaggedAsEvidence);

public static class StoreEvidence
{
    public const string FlaggedKey = "EvidenceFlaggedTimeISO";

    /// <returns>The number of objects whose expiry was removed.</returns>
    public static async Task<int> FlagAsync(SwiftStoreClient store, string container, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.HeadContainerAsync(container, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new StoreException(StoreFailureKind.NotFound, $"the store has no recording {container}");
        }

        var flagged = 0;
        var objects = await store.ListAsync(container, null, cancellationToken).ConfigureAwait(false);
        foreach (var listed in objects)
        {
            // Gone already (expired) objects are skipped: nothing brings them back.
            if (await store.HeadObjectAsync(container, listed.Name, cancellationToken).ConfigureAwait(false) is not { } head)
            {
                continue;
            }

            var headers = head.Metadata.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value))
                .Append(new("X-Remove-Delete-At", "1"));
            await store.PostObjectAsync(container, listed.Name, headers, cancellationToken).ConfigureAwait(false);
            var after = await store.HeadObjectAsync(container, listed.Name, cancellationToken).ConfigureAwait(false);
            if (after is null || after.DeleteAt is not null || after.Metadata.Count != head.Metadata.Count)
            {
                throw new StoreException(StoreFailureKind.Unexpected, $"{container}/{listed.Name}: still expires or lost metadata after the flag");
            }

            flagged++;
        }

        await store.PostContainerAsync(container, [new(BwiMetadata.HeaderName(BwiMetadata.ContainerPrefix, FlaggedKey), BwiMetadata.Encode(FlaggedKey, BwiMetadata.Iso(now)))], cancellationToken).ConfigureAwait(false);
        return flagged;
    }

    /// <summary>The store's recording containers (not System, Devices, Users, rejected content), oldest name first.</summary>
    public static async Task<IReadOnlyList<StoredRecording>> ListAsync(SwiftStoreClient store, CancellationToken cancellationToken)
    {
        var recordings = new List<StoredRecording>();
        foreach (var container in await store.ListAsync(null, null, cancellationToken).ConfigureAwait(false))
        {
            if (container.Name is BwiNames.SystemContainer or BwiNames.DevicesContainer or "Users"
                || container.Name.StartsWith(BwiNames.RejectedContentPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var head = await store.HeadContainerAsync(container.Name, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                continue;
            }

            DateTimeOffset? deleteAt = null;
            foreach (var listed in await store.ListAsync(container.Name, null, cancellationToken).ConfigureAwait(false))
            {
                if (await store.HeadObjectAsync(container.Name, listed.Name, cancellationToken).ConfigureAwait(false) is { DeleteAt: { } expiry }
                    && (deleteAt is null || expiry < deleteAt))
                {
                    deleteAt = expiry;
                }
            }

            recordings.Add(new StoredRecording(container.Name, head.Value("Status"), head.Value("TriggerOnTimeISO"), head.ObjectCount, head.Bytes, deleteAt, head.Value(FlaggedKey)));
        }

        return recordings;
    }
}
