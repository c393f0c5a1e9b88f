// What the store offers, read at the start of each dock: its capabilities (all of them when the
// connection file says FullStoreAndReadSupport; else System/Capabilities.json, none when it is
// missing or arrives corrupt twice) and its categories (System/Categories.json, when the store
// can be read for them). Every GET's ETag is checked against the body's MD5 by the client.
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Policy;
using BodyCamDevice.Firmware.Offload.Recordings;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Firmware.Offload;

internal static class StoreProfileReader
{
    public static async Task<StoreProfile> ReadAsync(SwiftStoreClient store, ConnectionSettings connection, StoreRetry retry, CancellationToken cancellationToken)
    {
        StoreCapabilities capabilities;
        string? problem = null;
        if (connection.FullStoreAndReadSupport)
        {
            capabilities = StoreCapabilities.All;
        }
        else
        {
            var (body, corrupt) = await GetAsync(store, retry, BwiNames.CapabilitiesObject, cancellationToken).ConfigureAwait(false);
            capabilities = body is null ? StoreCapabilities.None : StoreCapabilities.Parse(body);
            problem = corrupt ?? (body is null ? $"{BwiNames.SystemContainer}/{BwiNames.CapabilitiesObject} is missing: no capabilities" : null);
        }

        IReadOnlyList<StoreCategory> categories = [];
        var read = true;
        string note;
        var name = $"{BwiNames.SystemContainer}/{BwiNames.CategoriesObject}";
        if (capabilities.ReadCategories)
        {
            var (body, corrupt) = await GetAsync(store, retry, BwiNames.CategoriesObject, cancellationToken).ConfigureAwait(false);
            var parsed = body is null ? null : StoreCategoriesJson.TryParse(body);
            categories = parsed ?? [];
            read = corrupt is null && (body is null || parsed is not null);
            note = corrupt is not null ? $"{name} arrived corrupt ({corrupt}): the categories read before are kept"
                : body is null ? $"the store publishes no categories ({name} is missing)"
                : parsed is null ? $"{name} is not a JSON array of categories: the categories read before are kept"
                : $"{categories.Count} categories from the store's {name}";
        }
        else
        {
            note = "the store does not publish categories (no ReadCategories capability)";
        }

        return new StoreProfile(capabilities, categories, problem, read, note);
    }

    // A corrupt answer is asked for once more; corrupt again, the object counts as missing.
    private static async Task<(byte[]? Body, string? Corrupt)> GetAsync(SwiftStoreClient store, StoreRetry retry, string name, CancellationToken cancellationToken)
    {
        StoreException? corrupt = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                return (await retry.RunAsync(token => store.GetSystemObjectAsync(name, token), cancellationToken).ConfigureAwait(false), null);
            }
            catch (StoreException exception) when (exception.Kind is StoreFailureKind.Corrupt or StoreFailureKind.Forbidden or StoreFailureKind.Rejected)
            {
                corrupt = exception;
            }
        }

        return (null, corrupt!.Message);
    }
}
