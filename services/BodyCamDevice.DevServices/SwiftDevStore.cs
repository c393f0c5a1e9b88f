// A single-node OpenStack Swift on 127.0.0.1 for one test fixture or bench run, through
// services/swift/swift-dev: started in a temporary folder, stopped (every process group) and
// deleted on dispose. It can be stopped and started again with the same ports and objects, as a
// store that was killed and came back. Admin gives raw HTTP access for checking what it holds.
using System.Diagnostics;
using System.Text.Json;

namespace BodyCamDevice.DevServices;

public sealed class SwiftDevStore : IAsyncDisposable
{
    private SwiftDevStore(string directory, TimeSpan startTime)
    {
        Directory = directory;
        StartTime = startTime;
        using var connection = JsonDocument.Parse(File.ReadAllBytes(ConnectionFile));
        AuthUri = new Uri(connection.RootElement.GetProperty("AuthenticationTokenURI")[0].GetString()!);
        User = connection.RootElement.GetProperty("BlobAPIUserName").GetString()!;
        Key = connection.RootElement.GetProperty("BlobAPIKey").GetString()!;
        Admin = new SwiftAdmin(AuthUri, User, Key);
    }

    public string Directory { get; }

    /// <summary>The connection file swift-dev wrote for it (plain HTTP, tempauth user).</summary>
    public string ConnectionFile => Path.Combine(Directory, "connection.json");

    public Uri AuthUri { get; }

    public string User { get; }

    public string Key { get; }

    /// <summary>How long the first start took (set-up, rings, every server answering).</summary>
    public TimeSpan StartTime { get; }

    public SwiftAdmin Admin { get; }

    public static async Task<SwiftDevStore> StartAsync(CancellationToken cancellationToken = default)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("bodycam-swift-").FullName;
        var clock = Stopwatch.StartNew();
        try
        {
            await RunScriptAsync("start", directory, cancellationToken);
        }
        catch
        {
            await RunScriptAsync("stop", directory, CancellationToken.None);
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }

        return new SwiftDevStore(directory, clock.Elapsed);
    }

    /// <summary>Ends every Swift process at once (as a crash or a power cut would for the store).</summary>
    public Task StopAsync() => RunScriptAsync("stop", Directory, CancellationToken.None);

    /// <summary>Starts it again on the same ports with everything it had stored.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken = default) => RunScriptAsync("start", Directory, cancellationToken);

    /// <summary>Stops it and deletes its folder, unless BODYCAM_KEEP_SWIFT=1 asks to keep it (logs under log/).</summary>
    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await StopAsync();
        if (Environment.GetEnvironmentVariable("BODYCAM_KEEP_SWIFT") != "1")
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static async Task RunScriptAsync(string verb, string directory, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Repository.Root, "services", "swift", "swift-dev");
        var info = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(verb);
        info.ArgumentList.Add(directory);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"swift-dev {verb} {directory} exited {process.ExitCode}: {await error}{await output}");
        }
    }
}
