// Connection settings for a test: the development store's own connection file, pointed at a
// proxy in front of it when the test puts one there.
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload;
using BodyCamDevice.Firmware.Offload.Connection;

namespace BodyCamDevice.Offload.Tests;

internal static class Connections
{
    public static ConnectionSettings Of(SwiftDevStore store, Uri? authUri = null, bool fullSupport = false)
    {
        var loaded = ConnectionFileReader.Load(store.ConnectionFile);
        Assert.That(loaded.Errors, Is.Empty, "the development store's connection file passes the device's own checks");
        return loaded.Settings! with
        {
            AuthenticationUris = [authUri ?? store.AuthUri],
            FullStoreAndReadSupport = fullSupport,
        };
    }

    /// <summary>Settings with back-offs of milliseconds: the retries are real, the waits short.</summary>
    public static OffloadSettings QuickRetries(int attempts = 4) => new()
    {
        RetryDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(100),
        RetryAttempts = attempts,
        StallTimeout = TimeSpan.FromSeconds(20),
    };

    public static OffloadSessionOptions Options(TestRecordings recordings, OffloadSettings? settings = null, string? signingKey = null) =>
        new(recordings.Serial, signingKey, recordings.Journal, settings ?? QuickRetries());
}
