// Names of containers and objects in the evidence store (Axis Body Worn Integration API). Where
// the API leaves a format open, this is the choice, documented in docs/offload.md:
//   recording container  <UserID>_<BWCSerialNumber>_<TriggerOnTime>   4711_BC-000123_20260301T090000Z
//   clip                 <StartTime>_<RecordingID>.mp4                 20260301_085930_0001-01.mp4
//     StartTime is the clip's first frame (UTC, YYYYMMDD_HHMMSS); RecordingID is the device's
//     recording counter and the clip index, so two clips never share a name.
//   key object           the clip's name with .key                     20260301_085930_0001-01.key
//   signed manifest      the clip's name with .manifest and the file's extension
//   bookmark             bookmark_<Timestamp>_<n>                      bookmark_20260301T090012Z_1
//   category record      <date>_<time>_<RecordingID>.categories.jws (recording start)
//   GNSS track           <date>_<time>_<RecordingID>_<serial>_gpstrail.json (recording start)
//   rejected content     RejectedContent_<YYYYMMDDTHHMMSSZ>_<UUID>
// A '/' cannot be in a container name: an officer ID holding one has it replaced by '-'.
using System.Globalization;

namespace BodyCamDevice.Firmware.Offload.Bwi;

public static class BwiNames
{
    public const string SystemContainer = "System";
    public const string DevicesContainer = "Devices";
    public const string CapabilitiesObject = "Capabilities.json";
    public const string CategoriesObject = "Categories.json";
    public const string RejectedContentPrefix = "RejectedContent_";

    public static string RecordingContainer(string officerId, string deviceSerial, DateTimeOffset triggerOn) =>
        $"{officerId.Replace('/', '-')}_{deviceSerial}_{CompactUtc(triggerOn)}";

    /// <summary>The clip's name without extension: the key and the manifest share it.</summary>
    public static string ClipBase(DateTimeOffset clipStart, string recordingId, int clipIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateAndTime(clipStart)}_{RecordingCounter(recordingId)}-{clipIndex:D2}");

    public static string Clip(string clipBase, string containerType) => $"{clipBase}.{containerType}";

    public static string Key(string clipBase) => clipBase + ".key";

    /// <param name="manifestFile">The local manifest's file name: its extension is kept (.json, .jws).</param>
    public static string Manifest(string clipBase, string manifestFile) => $"{clipBase}.manifest{Path.GetExtension(manifestFile)}";

    public static string Bookmark(DateTimeOffset time, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"bookmark_{CompactUtc(time)}_{number}");

    /// <summary>The recording's signed category record, named by the recording's start.</summary>
    public static string CategoryRecord(DateTimeOffset recordingStart, string recordingId) =>
        $"{DateAndTime(recordingStart)}_{RecordingCounter(recordingId)}.categories.jws";

    public static string GnssTrack(DateTimeOffset recordingStart, string recordingId, string deviceSerial) =>
        $"{DateAndTime(recordingStart)}_{RecordingCounter(recordingId)}_{deviceSerial}_gpstrail.json";

    public static string GnssTrackKey(string trackName) => Path.ChangeExtension(trackName, ".key");

    public static string RejectedContainer(DateTimeOffset? decided, Guid id) =>
        $"{RejectedContentPrefix}{(decided is { } time ? CompactUtc(time) : "UnknownTime")}_{id:D}";

    /// <summary>YYYYMMDDTHHMMSSZ in UTC, the API's TriggerOnTime format.</summary>
    public static string CompactUtc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string DateAndTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'_'HHmmss", CultureInfo.InvariantCulture);

    // BC-000123_20260301T090000Z_0001 → 0001: the serial and the time are in the container's name.
    private static string RecordingCounter(string recordingId)
    {
        var underscore = recordingId.LastIndexOf('_');
        return underscore < 0 ? recordingId : recordingId[(underscore + 1)..];
    }
}
