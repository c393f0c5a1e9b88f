// An unpacked release tarball in a temporary folder, as install.sh expects to find itself, plus an
// empty staging root for --root. app/bodycam runs the host build of the device executable (this
// test's own output), so the configuration checks install.sh makes are the firmware's real ones.
namespace BodyCamDevice.Deploy.Tests;

internal sealed class UnpackedRelease : IDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(1);

    private readonly string _directory = Directory.CreateTempSubdirectory("bodycam-release-").FullName;

    public UnpackedRelease()
    {
        Directory.CreateDirectory(PackageDirectory);
        Directory.CreateDirectory(StagingRoot);
        foreach (var file in new[] { "install.sh", "bodycam.service", "bodycam.json" })
        {
            File.Copy(Repository.Deploy(file), Path.Combine(PackageDirectory, file));
        }

        var app = Directory.CreateDirectory(Path.Combine(PackageDirectory, "app")).FullName;
        var executable = Path.Combine(app, "bodycam");
        var deviceAssembly = Path.Combine(AppContext.BaseDirectory, "bodycam.dll");
        File.WriteAllText(executable, $"#!/bin/sh\nexec dotnet '{deviceAssembly}' \"$@\"\n");
        File.SetUnixFileMode(executable, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public string PackageDirectory => Path.Combine(_directory, "bodycam-linux-arm64");

    /// <summary>The directory passed as --root: stands for / of the Pi.</summary>
    public string StagingRoot => Path.Combine(_directory, "root");

    /// <summary>A path on the Pi (absolute, e.g. /etc/bodycam/bodycam.json) inside the staging root.</summary>
    public string Staged(string pathOnDevice) => Path.Combine(StagingRoot, pathOnDevice.TrimStart('/'));

    public void WriteStaged(string pathOnDevice, string contents)
    {
        var path = Staged(pathOnDevice);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, contents);
    }

    /// <summary>Runs the unpacked install.sh with these options (add --root StagingRoot yourself).</summary>
    public Task<ChildProcessResult> InstallAsync(params string[] options) =>
        ChildProcess.RunBashAsync(Path.Combine(PackageDirectory, "install.sh"), options, ScriptTimeout);

    /// <summary>--root StagingRoot plus the options.</summary>
    public Task<ChildProcessResult> InstallStagedAsync(params string[] options) =>
        InstallAsync([.. options, "--root", StagingRoot]);

    /// <summary>Every file under the staging root, as paths on the device.</summary>
    public string[] StagedFiles() =>
        Directory.EnumerateFiles(StagingRoot, "*", SearchOption.AllDirectories)
            .Select(path => "/" + Path.GetRelativePath(StagingRoot, path))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
