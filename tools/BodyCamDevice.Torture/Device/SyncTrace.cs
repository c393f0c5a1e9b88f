// What a real power cut loses beyond a kill: every byte not yet synced. A SIGKILL leaves the
// kernel's page cache intact, so the files look whole; this replays the device's system calls as
// strace recorded them (`strace -f -y`: each call names the file behind its descriptor) and works
// out, per file, how long it was at its last completed fsync/fdatasync, then cuts each file back
// to that length. A file created and never synced is cut to nothing, as a journalled file system
// with delayed allocation leaves it.
//
// The model is deliberately pessimistic where the trace is ambiguous: a write counts as synced
// only when it completed before the fsync call began, and only an fsync that returned 0 counts.
// Files are followed by descriptor, from open to close: a file renamed while open keeps what it
// synced under its old name. A file renamed after it was closed is left as it is under its new
// name (the device renames only files it has synced: atomic writes).
using System.Globalization;
using System.Text.RegularExpressions;

namespace BodyCamDevice.Torture.Device;

internal static partial class SyncTrace
{
    /// <summary>One file cut back to its synced length.</summary>
    public sealed record Cut(string Path, long From, long To);

    /// <summary>
    /// Cuts every file under <paramref name="directory"/> that the trace saw written back to its
    /// length at its last sync. <paramref name="sizesAtStart"/>: each file's length when the device
    /// started (the part a previous run left durable).
    /// </summary>
    public static IReadOnlyList<Cut> CutToSynced(string tracePath, string directory, IReadOnlyDictionary<string, long> sizesAtStart)
    {
        var files = Replay(File.ReadLines(tracePath), directory, sizesAtStart);
        var cuts = new List<Cut>();
        foreach (var (path, file) in files)
        {
            if (!File.Exists(path))
            {
                continue; // renamed after it was closed (a synced temporary file), or removed
            }

            long length = new FileInfo(path).Length;
            if (length > file.Synced)
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(file.Synced);
                }

                cuts.Add(new Cut(path, length, file.Synced));
            }
        }

        return cuts;
    }

    /// <summary>Every regular file's length, to pass to <see cref="CutToSynced"/> after the run.</summary>
    public static IReadOnlyDictionary<string, long> Sizes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(path => path, path => new FileInfo(path).Length);

    // One open file description: the path it shows now (an open file renamed keeps its
    // descriptor, and strace -y shows the new name), how far it was written, and how far synced.
    internal sealed class FileState(string path, long length)
    {
        public string Path { get; set; } = path;

        public long End { get; set; } = length;

        public long Position { get; set; }

        public long Synced { get; set; } = length;

        // Whether the run changed the file at all (a file it only read is left alone).
        public bool Written { get; set; }
    }

    /// <summary>Replays the trace; per path, the length synced (and whether the run wrote it at all).</summary>
    internal static Dictionary<string, FileState> Replay(IEnumerable<string> lines, string directory, IReadOnlyDictionary<string, long> sizesAtStart)
    {
        string prefix = System.IO.Path.GetFullPath(directory).TrimEnd('/') + "/";
        var open = new Dictionary<long, FileState>();
        var all = new List<FileState>();
        var pending = new Dictionary<string, (string Call, string Arguments, Dictionary<FileState, long> EndsAtStart)>(StringComparer.Ordinal);

        // What is durable of a path when it is opened again: the last description's synced length.
        long Durable(string path) => all.LastOrDefault(state => state.Path == path)?.Synced ?? sizesAtStart.GetValueOrDefault(path);

        FileState Opened(long descriptor, string path, long length)
        {
            var state = new FileState(path, length);
            open[descriptor] = state;
            all.Add(state);
            return state;
        }

        foreach (string line in lines)
        {
            string call;
            string arguments;
            string result;
            Dictionary<FileState, long>? endsAtStart = null;
            if (Unfinished().Match(line) is { Success: true } unfinished)
            {
                // An fsync's outcome is judged on what was written before it began.
                pending[unfinished.Groups["pid"].Value] = (unfinished.Groups["call"].Value, unfinished.Groups["args"].Value, all.ToDictionary(state => state, state => state.End));
                continue;
            }
            else if (Resumed().Match(line) is { Success: true } resumed)
            {
                if (!pending.Remove(resumed.Groups["pid"].Value, out var started))
                {
                    continue;
                }

                (call, arguments, endsAtStart) = started;
                result = resumed.Groups["result"].Value;
            }
            else if (Complete().Match(line) is { Success: true } complete)
            {
                (call, arguments, result) = (complete.Groups["call"].Value, complete.Groups["args"].Value, complete.Groups["result"].Value);
            }
            else
            {
                continue;
            }

            if (ReturnValue().Match(result) is not { Success: true } returned)
            {
                continue;
            }

            long value = long.Parse(returned.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (call is "openat" or "open")
            {
                string opened = returned.Groups["path"].Value;
                bool writable = arguments.Contains("O_WRONLY", StringComparison.Ordinal) || arguments.Contains("O_RDWR", StringComparison.Ordinal);
                if (value >= 0 && writable && opened.StartsWith(prefix, StringComparison.Ordinal))
                {
                    bool truncated = arguments.Contains("O_TRUNC", StringComparison.Ordinal);
                    var state = Opened(value, opened, truncated ? 0 : Durable(opened));
                    state.Written = truncated;
                    state.Position = arguments.Contains("O_APPEND", StringComparison.Ordinal) ? state.End : 0;
                }
                else
                {
                    open.Remove(value);
                }

                continue;
            }

            if (Descriptor().Match(arguments) is not { Success: true } descriptor)
            {
                continue;
            }

            long number = long.Parse(descriptor.Groups["fd"].Value, CultureInfo.InvariantCulture);
            string path = descriptor.Groups["path"].Value;
            if (call == "close")
            {
                open.Remove(number);
                continue;
            }

            if (value < 0 || !path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var file = open.TryGetValue(number, out var known) ? known : Opened(number, path, Durable(path));
            file.Path = path;
            string[] parts = arguments.Split(", ");
            file.Written |= call is not ("fsync" or "fdatasync");
            switch (call)
            {
                case "pwrite64":
                case "pwritev":
                    file.End = Math.Max(file.End, long.Parse(parts[^1].Trim(), CultureInfo.InvariantCulture) + value);
                    break;
                case "pwritev2":
                    file.End = Math.Max(file.End, long.Parse(parts[^2].Trim(), CultureInfo.InvariantCulture) + value);
                    break;
                case "write":
                case "writev":
                    file.Position += value;
                    file.End = Math.Max(file.End, file.Position);
                    break;
                case "ftruncate":
                    file.End = long.Parse(parts[^1].Trim(), CultureInfo.InvariantCulture);
                    file.Synced = Math.Min(file.Synced, file.End);
                    break;
                case "fsync":
                case "fdatasync":
                    if (value == 0)
                    {
                        file.Synced = Math.Max(file.Synced, endsAtStart is null ? file.End : endsAtStart.GetValueOrDefault(file, file.Synced));
                    }

                    break;
            }
        }

        // Per path, the description that reached furthest durably (several may have had it open).
        return all.Where(state => state.Written).GroupBy(state => state.Path, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.MaxBy(state => state.Synced)!, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<call>\w+)\((?<args>.*) <unfinished \.\.\.>$")]
    private static partial Regex Unfinished();

    [GeneratedRegex(@"^(?<pid>\d+)\s+<\.\.\. (?<call>\w+) resumed>.*\)\s+(?<result>=.*)$")]
    private static partial Regex Resumed();

    [GeneratedRegex(@"^(?<pid>\d+)\s+(?<call>\w+)\((?<args>.*)\)\s+(?<result>=.*)$")]
    private static partial Regex Complete();

    [GeneratedRegex(@"^= (?<value>-?\d+)(<(?<path>[^>]*)>)?")]
    private static partial Regex ReturnValue();

    [GeneratedRegex(@"^(?<fd>\d+)<(?<path>[^>]*)>")]
    private static partial Regex Descriptor();
}
