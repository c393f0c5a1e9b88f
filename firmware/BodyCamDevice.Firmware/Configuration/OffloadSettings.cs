// How the camera offloads to the evidence store when docked: how long the store keeps footage that
// is not evidence, the metadata the store shows, and how hard the camera tries before it gives up
// until the next dock. Validated with the rest of DeviceOptions; docs/offload.md explains each.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class OffloadSettings
{
    /// <summary>Objects expire this long after the recording's trigger, unless it carries an evidence category.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(31);

    /// <summary>
    /// The least time an uploaded object stays in the store: a recording offloaded after its
    /// retention has passed (a camera not docked for weeks) still reaches the back office, which can
    /// flag it as evidence before it expires.
    /// </summary>
    public TimeSpan MinimumTimeInStore { get; set; } = TimeSpan.FromDays(1);

    /// <summary>IANA name of the time zone the camera is used in (the store's TimeZone metadata).</summary>
    public string TimeZone { get; set; } = "Etc/UTC";

    /// <summary>The model the store shows (BWCModel, the Devices object).</summary>
    public string DeviceModel { get; set; } = "BodyCamDevice";

    /// <summary>First back-off after a busy store (503) or a network failure; doubles with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest back-off.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of one request before the offload stops until the next dock.</summary>
    public int RetryAttempts { get; set; } = 8;

    /// <summary>Times an object is sent again after the store found its body corrupt (422).</summary>
    public int CorruptResends { get; set; } = 3;

    /// <summary>A request that makes no progress for this long fails (and is retried).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the per-recording offload journal is kept; relative to the state directory.</summary>
    public string JournalDirectory { get; set; } = "offload";
}
