// The connection file in use, kept in the device's state directory as connection.json (mode 0600:
// it holds the store's key). A new file is validated against the one in use and installed
// atomically: written beside it, fsync'ed, renamed over it, the directory fsync'ed. A power cut
// leaves the old file or the new one, never a mix. The bytes are kept as given.
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Offload.Connection;

public sealed class InstalledConnection(string stateDirectory)
{
    public const string FileName = "connection.json";

    public string Path { get; } = System.IO.Path.Combine(stateDirectory, FileName);

    public bool Exists => File.Exists(Path);

    /// <summary>The connection in use, validated; null when none is installed.</summary>
    public ConnectionLoad? Load() => Exists ? ConnectionFileReader.Load(Path) : null;

    /// <summary>
    /// Validates <paramref name="candidate"/> (the new file's bytes) against the rules and against
    /// the connection in use, and installs it when it passes.
    /// </summary>
    public ConnectionLoad Install(byte[] candidate)
    {
        ConnectionCommitments? commitments = null;
        if (Exists)
        {
            commitments = ReadCommitments(out var problem);
            if (commitments is null)
            {
                return new ConnectionLoad(null, [new ConfigurationError("(installed)", Path, problem!)]);
            }
        }

        var loaded = ConnectionFileReader.Parse(candidate, commitments);
        if (loaded.Settings is not null)
        {
            Write(candidate);
        }

        return loaded;
    }

    // Even an installed file that no longer passes every rule still binds what it committed to.
    private ConnectionCommitments? ReadCommitments(out string? problem)
    {
        problem = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the connection in use is not a JSON object; remove it by hand to install another";
                return null;
            }

            return new ConnectionCommitments(True(root, "WantEncryption"), True(root, "FullStoreAndReadSupport"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            problem = "the connection in use cannot be read (" + exception.Message + "); remove it by hand to install another";
            return null;
        }

        static bool True(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }

    private void Write(byte[] bytes)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path + ".tmp";
        File.Delete(temporary); // a leftover of an install cut short; created anew with mode 0600
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
        DirectorySync.Sync(directory);
    }
}
