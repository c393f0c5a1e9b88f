// EMULATOR-ONLY endpoints beside the control API: the back office's view of the evidence store the
// emulator offloads to (--connection FILE), for the page. The firmware's store code does the work
// (StoreEvidence on a SwiftStoreClient with the connection's pinned certificates, as `bodycam store
// list` and `bodycam store flag-evidence` do); this only serves it.
//   GET  /api/store/recordings                  each recording in the store: status, objects, bytes, expiry
//   POST /api/store/recordings/{container}/evidence   removes the recording's expiry (flag as evidence)
//   GET  /api/store/recordings/{container}/clips/{object}/playback   the stored clip, decrypted (StorePlaybackEndpoints)
// 404 without a connection or for what the store does not hold; 503 when the store cannot be
// reached; 502 with the store's refusal when it answers with another error.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Bwi;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.Emulator.Web;

internal static class StoreEndpoints
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    public static void Map(WebApplication app, EmulatedDevice device)
    {
        app.MapGet("/api/store/recordings", (CancellationToken cancellationToken) => WithStore(device, async (store, connection) =>
        {
            var recordings = await StoreEvidence.ListAsync(store, cancellationToken);
            var views = new List<StoredRecordingView>();
            foreach (var item in recordings)
            {
                var clips = await StoredClipsAsync(store, item.Container, connection.ContainerType, cancellationToken);
                views.Add(new StoredRecordingView(item.Container, item.Status, item.TriggerOnTimeIso, item.Objects, item.Bytes, item.DeleteAt, item.FlaggedAsEvidence, item.DeleteAt is null, clips));
            }

            return Json(views.ToArray(), StoreJsonContext.Default.StoredRecordingViewArray);
        }));

        app.MapPost("/api/store/recordings/{container}/evidence", (string container, CancellationToken cancellationToken) => WithStore(device, async store =>
        {
            var flagged = await StoreEvidence.FlagAsync(store, container, TimeProvider.System.GetUtcNow(), cancellationToken);
            return Json(new FlaggedView(container, flagged), StoreJsonContext.Default.FlaggedView);
        }));

        StorePlaybackEndpoints.Map(app, device);
    }

    /// <summary>A recording's clips (objects of the connection's container type) and whether each has its key object beside it.</summary>
    private static async Task<StoredClipView[]> StoredClipsAsync(SwiftStoreClient store, string container, string containerType, CancellationToken cancellationToken)
    {
        var objects = await store.ListAsync(container, null, cancellationToken);
        var names = objects.Select(item => item.Name).ToHashSet(StringComparer.Ordinal);
        string suffix = "." + containerType;
        return objects.Where(item => item.Name.EndsWith(suffix, StringComparison.Ordinal))
            .Select(item => new StoredClipView(item.Name, item.Bytes, names.Contains(BwiNames.Key(item.Name[..^suffix.Length]))))
            .ToArray();
    }

    private static Task<IResult> WithStore(EmulatedDevice device, Func<SwiftStoreClient, Task<IResult>> work) =>
        WithStore(device, (store, _) => work(store));

    /// <summary>Runs <paramref name="work"/> on a client of the emulator's store; the store's failures become the answers above.</summary>
    internal static async Task<IResult> WithStore(EmulatedDevice device, Func<SwiftStoreClient, ConnectionSettings, Task<IResult>> work)
    {
        if (device.ConnectionPath is not { } path)
        {
            return Error(StatusCodes.Status404NotFound, "No evidence store: start the emulator with --connection FILE (./dev emulator starts a development store).");
        }

        var loaded = ConnectionFileReader.Load(path);
        if (loaded.Settings is not { } connection)
        {
            return Error(StatusCodes.Status500InternalServerError, $"The connection file {path} is not valid: " + string.Join("; ", loaded.Errors.Select(error => $"{error.Field}: {error.Problem}")));
        }

        try
        {
            using var store = new SwiftStoreClient(connection, TimeProvider.System, StallTimeout);
            return await work(store, connection).ConfigureAwait(false);
        }
        catch (StoreException exception) when (exception.Kind == StoreFailureKind.NotFound)
        {
            return Error(StatusCodes.Status404NotFound, exception.Message);
        }
        catch (StoreException exception) when (exception.Kind == StoreFailureKind.Transport)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, $"The evidence store ({connection.SiteName}) cannot be reached: {exception.Message}");
        }
        catch (StoreException exception)
        {
            return Error(StatusCodes.Status502BadGateway, exception.Message);
        }
    }

    private static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        Results.Text(JsonSerializer.Serialize(value, type), "application/json; charset=utf-8");

    internal static IResult Error(int status, string message) =>
        Results.Text(JsonSerializer.Serialize(new StoreErrorView(message), StoreJsonContext.Default.StoreErrorView), "application/json; charset=utf-8", statusCode: status);
}

/// <param name="Evidence">No expiry: an evidence recording, or one flagged since.</param>
/// <param name="Clips">Its clip objects, oldest first.</param>
internal sealed record StoredRecordingView(string Container, string? Status, string? TriggerOnTimeIso, long Objects, long Bytes, DateTimeOffset? DeleteAt, string? FlaggedAsEvidence, bool Evidence, StoredClipView[] Clips);

/// <param name="Encrypted">Its key object is beside it: the content is encrypted to the key the key object names.</param>
internal sealed record StoredClipView(string Name, long Bytes, bool Encrypted);

internal sealed record FlaggedView(string Container, int ObjectsFlagged);

internal sealed record StoreErrorView(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredRecordingView[]))]
[JsonSerializable(typeof(FlaggedView))]
[JsonSerializable(typeof(StoreErrorView))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
