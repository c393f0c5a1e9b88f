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
            if (!int.TryParse(Path.GetFileName(directory), out int id))
            {
                continue;
            }

            try
            {
                // stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
                string stat = File.ReadAllText(Path.Combine(directory, "stat"));
                int close = stat.LastIndexOf(')');
                string[] fields = stat[(close + 2)..].Split(' ');
                if (int.Parse(fields[1]) == self)
                {
                    string name = stat[(stat.IndexOf('(') + 1)..close];
                    string commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').TrimEnd();
                    children.Add(new Child(id, name, fields[0][0], commandLine));
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while being read.
            }
        }

        return children;
    }

    public static int? FindByCommandLine(string marker) =>
        List().Where(child => child.CommandLine.Contains(marker, StringComparison.Ordinal)).Select(child => (int?)child.Id).FirstOrDefault();
}
