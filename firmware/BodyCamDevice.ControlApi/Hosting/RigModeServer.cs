// Starts the control API in rig mode, or refuses to: rig mode must be enabled explicitly and
// must have a token, and then every request — the event stream included — needs that token.
using BodyCamDevice.ControlApi.Rig;

namespace BodyCamDevice.ControlApi.Hosting;

public static class RigModeServer
{
    public static Task<ControlApiServer> StartAsync(RigDevice rig, RigModeOptions options, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled)
        {
            throw new InvalidOperationException("Rig mode is disabled (RigMode.Enabled = false); the control API is not served.");
        }

        if (string.IsNullOrWhiteSpace(options.Token) || options.Token.Trim().Length < RigModeOptions.MinimumTokenLength)
        {
            throw new InvalidOperationException($"Rig mode needs a token of at least {RigModeOptions.MinimumTokenLength} characters (RigMode.Token); refusing to start without one.");
        }

        return ControlApiServer.StartAsync(rig, new ControlApiServerOptions
        {
            BindAddress = options.BindAddress,
            Port = options.Port,
            Token = options.Token.Trim(),
        }, cancellationToken);
    }
}
