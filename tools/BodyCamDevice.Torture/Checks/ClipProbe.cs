// A clip as ffprobe sees it, independent of the firmware's muxer and of its manifest: whether it
// opens, whether its first video packet is a keyframe, how long its video runs, and where its
// timestamps jump (a gap: more than twice the usual frame interval and over 0.1 s).
using System.Diagnostics;
using System.Globalization;

namespace BodyCamDevice.Torture.Checks;

internal sealed record ClipProbe(bool Opens, string? Error, int VideoPackets, bool StartsOnKeyframe, double DurationSeconds, IReadOnlyList<(double From, double To)> Gaps)
{
    public static ClipProbe Of(string path)
    {
        var info = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time,flags", "-of", "csv=p=0", path })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            return new ClipProbe(false, $"ffprobe exit {process.ExitCode}: {error.Result.Trim()}", 0, false, 0, []);
        }

        var packets = new List<(double Pts, double Duration, bool Key)>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(',');
            if (fields.Length >= 3 && double.TryParse(fields[0], CultureInfo.InvariantCulture, out double pts))
            {
                double.TryParse(fields[1], CultureInfo.InvariantCulture, out double duration);
                packets.Add((pts, duration, fields[2].Contains('K', StringComparison.Ordinal)));
            }
        }

        if (packets.Count == 0)
        {
            return new ClipProbe(true, null, 0, true, 0, []);
        }

        bool startsOnKeyframe = packets[0].Key;
        var ordered = packets.OrderBy(packet => packet.Pts).ToList();
        var steps = ordered.Zip(ordered.Skip(1), (a, b) => b.Pts - a.Pts).ToList();
        double usual = steps.Count == 0 ? 0 : steps.Order().ElementAt(steps.Count / 2);
        var gaps = new List<(double, double)>();
        for (int index = 1; index < ordered.Count; index++)
        {
            double step = ordered[index].Pts - ordered[index - 1].Pts;
            if (step > Math.Max(2 * usual, 0.1))
            {
                gaps.Add((ordered[index - 1].Pts, ordered[index].Pts));
            }
        }

        double end = ordered[^1].Pts + (ordered[^1].Duration > 0 ? ordered[^1].Duration : usual);
        return new ClipProbe(true, null, packets.Count, startsOnKeyframe, end - ordered[0].Pts, gaps);
    }
}
