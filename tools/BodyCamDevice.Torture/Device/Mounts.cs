// Small volumes mounted over a trial's recordings folder, so storage can fill up or fail under a
// running device without touching the host's disks: a tmpfs, or an ext4 file system in an image
// file on a loop device (errors=remount-ro, as an SD card is mounted), which the kernel turns
// read-only on a file-system error — triggered through ext4's own sysfs switch, whatever files
// are open (a plain `mount -o remount,ro` is refused while a file is open for writing). Needs
// root (mount(8)); every mount is undone by the trial that made it.
using System.Diagnostics;

namespace BodyCamDevice.Torture.Device;

internal static class Mounts
{
    public static void Tmpfs(string directory, int megabytes) =>
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "tmpfs", Directory.CreateDirectory(directory).FullName);

    public static void Ext4Image(string image, string directory, int megabytes)
    {
        using (var file = new FileStream(image, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(megabytes * 1024L * 1024);
        }

        Run("mkfs.ext4", "-q", "-F", image);
        Run("mount", "-o", "loop,errors=remount-ro", image, Directory.CreateDirectory(directory).FullName);
    }

    /// <summary>An ext4 error on the volume at <paramref name="directory"/>: the kernel remounts it read-only at once.</summary>
    public static void TriggerFileSystemError(string directory)
    {
        string source = File.ReadAllLines("/proc/mounts").Select(line => line.Split(' ')).First(fields => fields[1] == Path.GetFullPath(directory))[0];
        File.WriteAllText($"/sys/fs/ext4/{Path.GetFileName(source)}/trigger_fs_error", "torture: storage turned read-only");
    }

    /// <summary>Unmounts, repairs the file system as a card reader's fsck would, and mounts it again.</summary>
    public static void RepairExt4(string image, string directory)
    {
        Run("umount", directory);
        RunAllowing([0, 1], "e2fsck", "-fy", image);
        Run("mount", "-o", "loop,errors=remount-ro", image, directory);
    }

    /// <summary>Unmounts if mounted (lazily: a killed process may still be letting go of a file).</summary>
    public static void Unmount(string directory)
    {
        if (File.ReadAllText("/proc/mounts").Contains($" {Path.GetFullPath(directory)} ", StringComparison.Ordinal))
        {
            Run("umount", "-l", directory);
        }
    }

    public static long FreeBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    private static void Run(string program, params string[] arguments) => RunAllowing([0], program, arguments);

    private static void RunAllowing(int[] success, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (!success.Contains(process.ExitCode))
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {process.ExitCode}: {error.Trim()}");
        }
    }
}
