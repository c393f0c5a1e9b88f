// What a new connection file may not undo of the one in use: WantEncryption and
// FullStoreAndReadSupport only ever go from false to true. Footage once encrypted to the store is
// never again written in the clear because a file said so, and a store that promised full support
// does not lose it.
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Offload.Connection;

/// <summary>The settings of the connection in use that a new file may only strengthen.</summary>
public sealed record ConnectionCommitments(bool WantEncryption, bool FullStoreAndReadSupport)
{
    public static ConnectionCommitments Of(ConnectionSettings settings) => new(settings.WantEncryption, settings.FullStoreAndReadSupport);
}

public static class ConnectionChangeRules
{
    public static IEnumerable<ConfigurationError> Check(ConnectionCommitments installed, ConnectionSettings next)
    {
        if (installed.WantEncryption && !next.WantEncryption)
        {
            yield return new("WantEncryption", "false", "the connection in use has WantEncryption true: encryption, once on, cannot be turned off");
        }

        if (installed.FullStoreAndReadSupport && !next.FullStoreAndReadSupport)
        {
            yield return new("FullStoreAndReadSupport", "false", "the connection in use has FullStoreAndReadSupport true: it may only change from false to true");
        }
    }
}
