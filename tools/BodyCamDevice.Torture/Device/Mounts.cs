// A small tmpfs mounted over a trial's recordings folder, so storage can fill up under a
// running device without touching the host's disks. Needs root (mount(8));
// every mount is undone by the trial that made it.
using System.Diagnostics;

namespace BodyCamDevice.Torture.Device;

internal static class Mounts
{
    public static void Tmpfs(string directory, int megabytes) =>
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", Directory.CreateDirectory(directory).FullName);

    /// <summary>Unmounts if mounted (lazily: a killed process may still be letting go of a file).</summary>
    public static void Unmount(string directory)
    {
        if (File.ReadAllText("/proc/mounts").Contains($" {Path.GetFullPath(directory)} ", StringComparison.Ordinal))
        {
            Run("umount", "-l", directory);
        }
    }

    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error.Trim()}");
        }
    }
}
