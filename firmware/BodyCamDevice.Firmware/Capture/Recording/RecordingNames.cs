// Names of recordings and their files. A recording ID is the device serial, the trigger time in
// UTC to the second, and a counter: BC-000123_20260301T090000Z_0001. Clip N of it is
// "<id>_clipNN.mp4" with its manifest "<id>_clipNN.json" (and, encrypted, its key object
// "<id>_clipNN.key"). The counter makes IDs unique on the
// device even when the clock repeats a second (unset clock after a reboot): an ID whose first
// clip or manifest already exists is skipped, and files are only ever created new.
using System.Globalization;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class RecordingNames
{
    private readonly string _serial;
    private readonly string _directory;
    private readonly Lock _gate = new();
    private int _counter;

    public RecordingNames(string serial, string directory)
    {
        ValidateSerial(serial);
        _serial = serial;
        _directory = directory;
    }

    // Thread-safe. start: the trigger time.
    public string NextRecordingId(DateTimeOffset start)
    {
        lock (_gate)
        {
            while (true)
            {
                _counter = _counter % 9999 + 1;
                string id = Format(_serial, start, _counter);
                if (!File.Exists(Path.Combine(_directory, ClipFileName(id, 1)))
                    && !File.Exists(Path.Combine(_directory, ManifestFileName(id, 1))))
                {
                    return id;
                }
            }
        }
    }

    public static string Format(string serial, DateTimeOffset start, int counter) => string.Create(
        CultureInfo.InvariantCulture,
        $"{serial}_{start.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}_{counter:D4}");

    public static string ClipFileName(string recordingId, int clipIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{recordingId}_clip{clipIndex:D2}.mp4");

    public static string ManifestFileName(string recordingId, int clipIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{recordingId}_clip{clipIndex:D2}.json");

    // The JSON key object of an encrypted clip (the evidence store's name for it ends in .key too).
    public static string KeyObjectFileName(string recordingId, int clipIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{recordingId}_clip{clipIndex:D2}.key");

    internal static void ValidateSerial(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        if (IdentityRules.SerialProblem(serial) is { } problem)
        {
            throw new ArgumentException($"device serial '{serial}' {problem}", nameof(serial));
        }
    }
}
