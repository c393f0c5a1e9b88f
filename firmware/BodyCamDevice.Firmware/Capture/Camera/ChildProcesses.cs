// This process's children, read from Linux's /proc. FFMpegCore does not expose the id of the
// ffmpeg it starts; the unique pipe path in ffmpeg's command line identifies it among the
// children. The id is for diagnostics, CPU accounting and tests; stopping goes through FFMpegCore.
// Off Linux (no /proc) nothing is found.
namespace BodyCamDevice.Firmware.Capture.Camera;

internal static class ChildProcesses
{
    public readonly record struct Child(int Id, string Name, char State, string CommandLine);

    public static IReadOnlyList<Child> List()
    {
        var children = new List<Child>();
        if (!Directory.Exists("/proc"))
        {
            return children;
        }

        int self = Environment.ProcessId;
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out _) && Read(directory) is { } entry && entry.ParentId == self)
            {
                children.Add(entry.Child);
            }
        }

        return children;
    }

    public static int? FindByCommandLine(string marker) =>
        List().Where(child => child.CommandLine.Contains(marker, StringComparison.Ordinal)).Select(child => (int?)child.Id).FirstOrDefault();

    // stat is "pid (comm) state ppid ...", and comm may itself contain spaces and parentheses.
    private static (Child Child, int ParentId)? Read(string directory)
    {
        try
        {
            string stat = File.ReadAllText(Path.Combine(directory, "stat"));
            int open = stat.IndexOf('(');
            int close = stat.LastIndexOf(')');
            string[] fields = open > 0 && close > open ? stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields.Length < 2 || !int.TryParse(stat[..open], out int id) || !int.TryParse(fields[1], out int parent))
            {
                return null;
            }

            string commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').TrimEnd();
            return (new Child(id, stat[(open + 1)..close], fields[0][0], commandLine), parent);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process ended while being read.
            return null;
        }
    }
}
