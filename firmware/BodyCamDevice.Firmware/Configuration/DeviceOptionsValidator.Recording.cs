// Rules for DeviceOptions.Recording and Alarms: where clips go, the pre-record window and its
// memory cap, clip length, the storage thresholds; and how often alarms repeat, so that the
// tones the device has to play never take more of the beeper's time than there is.
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Configuration;

public static partial class DeviceOptionsValidator
{
    private static void ValidateRecording(RecordingSettings recording, int bitrateKbps, List<ConfigurationError> errors)
    {
        FileSystemPath("Recording.Directory", recording.Directory, RecordingNameReserveBytes, "a directory", errors);
        if (recording.PreRecord < TimeSpan.Zero || recording.PreRecord > TimeSpan.FromMinutes(10))
        {
            errors.Add(new("Recording.PreRecord", Duration(recording.PreRecord), "must be from 0 to 10 minutes"));
        }

        DurationIn("Recording.ClipLength", recording.ClipLength, Seconds(1), TimeSpan.FromHours(24), errors);
        if (!(recording.NearFullFraction >= 0 && recording.NearFullFraction < 1))
        {
            errors.Add(new("Recording.NearFullFraction", Number(recording.NearFullFraction), "must be from 0 to 1 (exclusive)"));
        }

        if (recording.ReserveMegabytes < 0)
        {
            errors.Add(new("Recording.ReserveMegabytes", Number(recording.ReserveMegabytes), "must not be negative"));
        }

        // (An out-of-range bitrate is reported by the camera rules alone.)
        // The cap is a safety net; one that cannot hold the window at the configured bitrate
        // (with room for keyframe-heavy scenes) would silently shorten every pre-roll. Whether
        // the machine has that much memory is checked when the device starts (MachineLimits).
        var needed = (recording.PreRecord.TotalSeconds + 2) * bitrateKbps * 1000 / 8 * 1.5;
        if (recording.BufferBytes < 1024 * 1024 || (bitrateKbps is >= 100 and <= 50_000 && recording.BufferBytes < needed))
        {
            errors.Add(new("Recording.BufferBytes", Number(recording.BufferBytes), $"cannot hold Recording.PreRecord ({Duration(recording.PreRecord)}) at Camera.BitrateKbps ({bitrateKbps}) with headroom: at least {Math.Max(1024 * 1024, needed):F0}"));
        }
    }

    private static void ValidateAlarms(DeviceOptions options, List<ConfigurationError> errors)
    {
        var repeat = options.Alarms.RepeatInterval;
        if (!DurationIn("Alarms.RepeatInterval", repeat, Seconds(1), TimeSpan.FromHours(1), errors)
            || errors.Any(error => error.Field.StartsWith("Tones.", StringComparison.Ordinal)))
        {
            return;
        }

        // Tones play one after another. If every alarm (one fault at a time) plus the recording
        // reminder needed more of the beeper's time than there is, they would queue without end.
        var patterns = new TonePatterns(options.Tones);
        var alarms = patterns.StorageFull.Length + patterns.LowBattery.Length + patterns.ClockNotSet.Length
            + new[] { patterns.CameraFault, patterns.StorageFault, patterns.InternalFault }.Max(pattern => pattern.Length);
        var busy = (alarms / repeat) + (patterns.RecordingReminder.Length / options.Tones.RecordingReminderInterval);
        if (busy >= 0.9)
        {
            errors.Add(new("Alarms.RepeatInterval", Duration(repeat), $"is too short for the alarm tones ({Readable(alarms)} when every alarm sounds) and the recording reminder to take turns on the beeper: they would fill {busy:P0} of its time, at most 90 % leaves silence between them"));
        }
    }
}
