// What the CPU benches read from /proc (Linux only): CPU time and resident set of a process or
// thread.
using System.Globalization;

namespace BodyCamDevice.Benchmarks.Camera;

internal static class ProcFs
{
    // USER_HZ: /proc reports CPU time in these ticks on every Linux the device runs.
    public const double TicksPerSecond = 100;

    // utime + stime of a stat file (/proc/PID/stat, /proc/self/task/TID/stat): fields 14 and 15,
    // counted after the parenthesised name.
    public static long CpuTicks(string statPath)
    {
        string stat = File.ReadAllText(statPath);
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    // VmRSS in KiB; process is a pid or "self".
    public static long ResidentKiB(string process) =>
        File.ReadLines($"/proc/{process}/status").Where(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();
}
