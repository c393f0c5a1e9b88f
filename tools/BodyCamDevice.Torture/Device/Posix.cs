// Signals and process relations the faults need: kill(2) of a process or a whole process group,
// and a process's children read from Linux's /proc (the camera's ffmpeg is the device's child).
using System.Runtime.InteropServices;

namespace BodyCamDevice.Torture.Device;

internal static partial class Posix
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends a signal to every process of the group <paramref name="groupId"/>.</summary>
    public static void KillGroup(int groupId, int signal) => _ = Kill(-groupId, signal);

    public static void Signal(int processId, int signal) => _ = Kill(processId, signal);

    /// <summary>The ids of the children of every thread of <paramref name="processId"/>.</summary>
    public static IReadOnlyList<int> Children(int processId)
    {
        var children = new List<int>();
        string tasks = $"/proc/{processId}/task";
        if (!Directory.Exists(tasks))
        {
            return children;
        }

        foreach (string task in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                children.AddRange(File.ReadAllText(Path.Combine(task, "children"))
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
            catch (IOException)
            {
                // The thread ended while being read.
            }
        }

        return children;
    }

    /// <summary>The program name of a process (its comm), or null when it is gone.</summary>
    public static string? Name(int processId)
    {
        try
        {
            return File.ReadAllText($"/proc/{processId}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
