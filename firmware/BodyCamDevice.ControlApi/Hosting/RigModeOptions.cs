namespace BodyCamDevice.ControlApi.Hosting;

/// <summary>
/// Rig mode: the device itself serves the control API so a test rig can drive it. Off unless
/// enabled, and never without a token (at least <see cref="MinimumTokenLength"/> characters).
/// </summary>
public sealed class RigModeOptions
{
    public const int MinimumTokenLength = 16;

    public bool Enabled { get; set; }

    /// <summary>The rig's network interface; 0.0.0.0 for every interface.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 8081;

    /// <summary>Shared secret the rig sends as "Authorization: Bearer &lt;token&gt;".</summary>
    public string? Token { get; set; }
}
