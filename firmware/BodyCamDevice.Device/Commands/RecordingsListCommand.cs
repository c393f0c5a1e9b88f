// `bodycam recordings list`: one line per clip in the recordings directory (from --dir, or the
// configuration's Recording.Directory), from the manifests alone.
using System.Globalization;
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Device.Recordings;

namespace BodyCamDevice.Device.Commands;

internal static class RecordingsListCommand
{
    /// <param name="directory">--dir; null: Recording.Directory of the configuration at <paramref name="configPath"/>.</param>
    public static int Run(string? directory, string configPath, string? stateDirectory, TextWriter output, TextWriter error, Func<string, string?>? variable = null)
    {
        if (directory is null)
        {
            var loaded = DeviceConfigFile.Load(configPath);
            if (loaded.Options is not { } options)
            {
                DeviceConfigFile.Report(error, configPath, loaded.Errors);
                return ExitCodes.InvalidConfiguration;
            }

            StatePaths.Resolve(options, StatePaths.StateDirectory(stateDirectory, variable ?? Environment.GetEnvironmentVariable));
            directory = options.Recording.Directory;
        }

        IReadOnlyList<CatalogEntry> entries;
        try
        {
            entries = RecordingCatalog.List(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"bodycam: cannot list recordings in {directory}: {exception.Message}");
            return ExitCodes.Unreadable;
        }

        output.WriteLine($"{entries.Count} clip{(entries.Count == 1 ? "" : "s")} in {Path.GetFullPath(directory)}");
        if (entries.Count == 0)
        {
            return ExitCodes.Success;
        }

        var rows = new List<string[]> { new[] { "RECORDING", "CLIP", "START (UTC)", "DURATION", "SIZE (BYTES)", "END", "FILE" } };
        foreach (var entry in entries)
        {
            var manifest = entry.Manifest;
            rows.Add(manifest is null
                ? ["-", "-", "-", "-", Number(entry.SizeBytes), entry.Note ?? "-", entry.FileName]
                : [
                    manifest.RecordingId,
                    manifest.ClipIndex.ToString(CultureInfo.InvariantCulture),
                    manifest.Clip.StartUtc,
                    manifest.Clip.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
                    Number(entry.SizeBytes),
                    manifest.EndReason,
                    entry.FileName,
                ]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, column) => column == row.Length - 1 ? cell : cell.PadRight(widths[column]))).TrimEnd());
        }

        return ExitCodes.Success;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
