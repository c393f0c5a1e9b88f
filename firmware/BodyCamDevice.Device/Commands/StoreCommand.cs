// `bodycam store list` and `bodycam store flag-evidence CONTAINER`: the back office's view of the
// evidence store through the connection in use (or --connection FILE). list shows each recording
// with its status and when it expires; flag-evidence removes the expiry of every object of a
// recording, re-sending all their metadata (Swift's POST replaces it), and checks the result.
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Store;

namespace BodyCamDevice.Device.Commands;

internal static class StoreCommand
{
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> ListAsync(string? connectionFile, string? stateDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Connect(connectionFile, stateDirectory, error) is not { } connection)
        {
            return ExitCodes.InvalidConfiguration;
        }

        try
        {
            using var store = new SwiftStoreClient(connection, TimeProvider.System, StallTimeout);
            var recordings = await StoreEvidence.ListAsync(store, cancellationToken);
            output.WriteLine($"{recordings.Count} recording(s) in {connection.SiteName}");
            foreach (var recording in recordings)
            {
                var retention = recording.DeleteAt is { } expiry ? $"expires {expiry.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"
                    : recording.FlaggedAsEvidence is { } flagged ? $"evidence (flagged {flagged})"
                    : "evidence (no expiry)";
                output.WriteLine($"  {recording.Container}  {recording.Status ?? "?"}  {recording.Objects} object(s), {recording.Bytes} bytes  {retention}");
            }

            return ExitCodes.Success;
        }
        catch (StoreException exception)
        {
            error.WriteLine($"bodycam: {exception.Message}");
            return ExitCodes.StoreFailure;
        }
    }

    public static async Task<int> FlagEvidenceAsync(string container, string? connectionFile, string? stateDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Connect(connectionFile, stateDirectory, error) is not { } connection)
        {
            return ExitCodes.InvalidConfiguration;
        }

        try
        {
            using var store = new SwiftStoreClient(connection, TimeProvider.System, StallTimeout);
            var flagged = await StoreEvidence.FlagAsync(store, container, TimeProvider.System.GetUtcNow(), cancellationToken);
            output.WriteLine($"flagged as evidence: {container} ({flagged} object(s) no longer expire)");
            return ExitCodes.Success;
        }
        catch (StoreException exception)
        {
            error.WriteLine($"bodycam: {exception.Message}");
            return ExitCodes.StoreFailure;
        }
    }

    private static ConnectionSettings? Connect(string? connectionFile, string? stateDirectory, TextWriter error)
    {
        var path = connectionFile ?? new InstalledConnection(StatePaths.StateDirectory(stateDirectory, Environment.GetEnvironmentVariable)).Path;
        if (connectionFile is null && !File.Exists(path))
        {
            error.WriteLine($"bodycam: no connection installed ({path}): `bodycam connection set FILE`, or give --connection FILE");
            return null;
        }

        var loaded = ConnectionFileReader.Load(path);
        if (loaded.Settings is null)
        {
            error.WriteLine($"bodycam: invalid connection file {path}:");
            foreach (var item in loaded.Errors)
            {
                error.WriteLine($"  {item.Field} = {item.Value}: {item.Problem}");
            }
        }

        return loaded.Settings;
    }
}
