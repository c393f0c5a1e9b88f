// EMULATOR-ONLY endpoints beside the control API: the back office's view of the evidence store the
// emulator offloads to (--connection FILE), for the page. The firmware's store code does the work
// (StoreEvidence on a SwiftStoreClient with the connection's pinned certificates, as `bodycam store
// list` and `bodycam store flag-evidence` do); this only serves it.
//   GET  /api/store/recordings                  each recording in the store: status, objects, bytes, expiry
//   POST /api/store/recordings/{container}/evidence   removes the recording's expiry (flag as evidence)
// 404 without a connection; 502 with the store's refusal when it answers with an error.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Offload;
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
        app.MapGet("/api/store/recordings", (CancellationToken cancellationToken) => WithStore(device, async store =>
        {
            var recordings = await StoreEvidence.ListAsync(store, cancellationToken);
            var views = recordings.Select(item => new StoredRecordingView(item.Container, item.Status, item.TriggerOnTimeIso, item.Objects, item.Bytes, item.DeleteAt, item.FlaggedAsEvidence, item.DeleteAt is null)).ToArray();
            return Json(views, StoreJsonContext.Default.StoredRecordingViewArray);
        }));

        app.MapPost("/api/store/recordings/{container}/evidence", (string container, CancellationToken cancellationToken) => WithStore(device, async store =>
        {
            var flagged = await StoreEvidence.FlagAsync(store, container, TimeProvider.System.GetUtcNow(), cancellationToken);
            return Json(new FlaggedView(container, flagged), StoreJsonContext.Default.FlaggedView);
        }));
    }

    private static async Task<IResult> WithStore(EmulatedDevice device, Func<SwiftStoreClient, Task<IResult>> work)
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
            return await work(store).ConfigureAwait(false);
        }
        catch (StoreException exception)
        {
            return Error(StatusCodes.Status502BadGateway, exception.Message);
        }
    }

    private static IResult Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        Results.Text(JsonSerializer.Serialize(value, type), "application/json; charset=utf-8");

    private static IResult Error(int status, string message) =>
        Results.Text(JsonSerializer.Serialize(new StoreErrorView(message), StoreJsonContext.Default.StoreErrorView), "application/json; charset=utf-8", statusCode: status);
}

/// <param name="Evidence">No expiry: an evidence recording, or one flagged since.</param>
internal sealed record StoredRecordingView(string Container, string? Status, string? TriggerOnTimeIso, long Objects, long Bytes, DateTimeOffset? DeleteAt, string? FlaggedAsEvidence, bool Evidence);

internal sealed record FlaggedView(string Container, int ObjectsFlagged);

internal sealed record StoreErrorView(string Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StoredRecordingView[]))]
[JsonSerializable(typeof(FlaggedView))]
[JsonSerializable(typeof(StoreErrorView))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
