// Where rig mode's bearer token comes from: a file (--rig-token-file, mode 0600, e.g. a systemd
// credential) or the environment (BODYCAM_RIG_TOKEN), never the command line, where every user
// of the machine can read it in /proc. Surrounding white space (a file's newline) is dropped.
using BodyCamDevice.ControlApi.Hosting;

namespace BodyCamDevice.Device.Rig;

internal static class RigToken
{
    public const string EnvironmentVariable = "BODYCAM_RIG_TOKEN";

    /// <summary>The token, or null and the reason rig mode must not start.</summary>
    public static string? Resolve(string? tokenFile, Func<string, string?> variable, out string? problem)
    {
        problem = null;
        string? token;
        string source;
        if (tokenFile is not null)
        {
            source = tokenFile;
            try
            {
                token = File.ReadAllText(tokenFile).Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                problem = $"Rig mode refused: cannot read the token file {tokenFile}: {exception.Message}";
                return null;
            }
        }
        else
        {
            source = EnvironmentVariable;
            token = variable(EnvironmentVariable)?.Trim();
            if (string.IsNullOrEmpty(token))
            {
                problem = $"Rig mode refused: no token. Give one of at least {RigModeOptions.MinimumTokenLength} characters in a file (--rig-token-file PATH) or in the environment variable {EnvironmentVariable}; the control API is never served without one.";
                return null;
            }
        }

        if (token.Length < RigModeOptions.MinimumTokenLength)
        {
            problem = $"Rig mode refused: the token from {source} has {token.Length} characters; at least {RigModeOptions.MinimumTokenLength} are needed.";
            return null;
        }

        return token;
    }
}
