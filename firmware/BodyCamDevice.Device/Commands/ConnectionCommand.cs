// `bodycam connection check FILE` and `bodycam connection set FILE`: the evidence store's Axis
// Body Worn Integration connection file. check validates it like `config check` (every error with
// its field; against the installed connection's commitments when there is one); set validates it
// the same way and installs it atomically into the state directory, where the offload reads it.
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload.Connection;

namespace BodyCamDevice.Device.Commands;

internal static class ConnectionCommand
{
    public static int Check(string path, string? stateDirectory, TextWriter output, TextWriter error)
    {
        var installed = new InstalledConnection(StatePaths.StateDirectory(stateDirectory, Environment.GetEnvironmentVariable));
        var commitments = installed.Load()?.Settings is { } inUse ? ConnectionCommitments.Of(inUse) : null;
        var loaded = ConnectionFileReader.Load(path, commitments);
        if (loaded.Settings is not { } settings)
        {
            Report(error, path, loaded.Errors);
            return ExitCodes.InvalidConfiguration;
        }

        output.WriteLine($"ok: {path}");
        Summarise(settings, output);
        return ExitCodes.Success;
    }

    public static int Set(string path, string? stateDirectory, TextWriter output, TextWriter error)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > ConnectionFileReader.MaximumBytes)
            {
                Report(error, path, [new ConfigurationError("(file)", $"{length} bytes", $"a connection file is at most {ConnectionFileReader.MaximumBytes} bytes (64 kB)")]);
                return ExitCodes.InvalidConfiguration;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Report(error, path, [new ConfigurationError("(file)", path, exception.Message)]);
            return ExitCodes.InvalidConfiguration;
        }

        var installed = new InstalledConnection(StatePaths.StateDirectory(stateDirectory, Environment.GetEnvironmentVariable));
        ConnectionLoad loaded;
        try
        {
            loaded = installed.Install(bytes);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"bodycam: cannot install the connection file into {installed.Path}: {exception.Message}");
            return ExitCodes.Unreadable;
        }

        if (loaded.Settings is not { } settings)
        {
            Report(error, path, loaded.Errors);
            return ExitCodes.InvalidConfiguration;
        }

        output.WriteLine($"installed: {installed.Path} (from {path})");
        Summarise(settings, output);
        return ExitCodes.Success;
    }

    private static void Summarise(ConnectionSettings settings, TextWriter output)
    {
        output.WriteLine($"  site {settings.SiteName}: {settings.ApplicationName} {settings.ApplicationVersion}");
        output.WriteLine($"  store {string.Join(", ", settings.AuthenticationUris)} as {settings.UserName}");
        output.WriteLine(settings.UsesTls
            ? $"  TLS, {settings.PinnedCertificates.Count} pinned certificate(s)"
            : "  plain HTTP (no certificate listed): development only");
        output.WriteLine($"  clips as {settings.ContainerType}, encryption {(settings.WantEncryption ? "on, key " + settings.PublicKeyId : "off")}, full store and read support {(settings.FullStoreAndReadSupport ? "yes" : "no")}, time from the store {(settings.ContentDestinationAsNtpServer ? "yes" : "no")}");
    }

    private static void Report(TextWriter error, string path, IReadOnlyList<ConfigurationError> errors)
    {
        error.WriteLine($"bodycam: invalid connection file {path} ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):");
        foreach (var item in errors)
        {
            error.WriteLine($"  {item.Field} = {item.Value}: {item.Problem}");
        }
    }
}
