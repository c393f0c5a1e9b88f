// The control API's wire contract: what its endpoints answer and what the event stream sends,
// serialised with ControlApiJson (camelCase). The scenario runner reads the same types back.
// Times: "t" is milliseconds on the rig timeline (see RigTimeline), "utc" the device's clock.
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.ControlApi.Contracts;

/// <summary>Device status plus what a rig simulates around it. Null fields are not known on this device.</summary>
public sealed record StatusView(
    string State,
    bool Stealth,
    string LightMode,
    bool Docked,
    IReadOnlyList<string> Alarms,
    string? RecordingId,
    int MarkerCount,
    double T,
    DateTimeOffset Utc,
    int? BatteryPercent,
    long? FreeStorageMegabytes,
    bool? CameraFaulted,
    BufferFillView? BufferFill,
    BatteryView? Battery = null,
    GnssView? Gnss = null,
    RtcView? Rtc = null,
    OffloadView? Offload = null);

/// <summary>
/// The dock's offload: phase Idle (not docked, or no store), Uploading, Done or Failing; the reason
/// when failing (or a note when done); the recordings the store refused (kept, not transferred);
/// and each object of this dock with its bytes sent.
/// </summary>
public sealed record OffloadView(string Phase, string? Reason, int RecordingsTotal, int RecordingsConfirmed, IReadOnlyList<string> NotTransferred, IReadOnlyList<OffloadObjectView> Objects);

public sealed record OffloadObjectView(string RecordingId, string Name, long SentBytes, long TotalBytes, bool Stored);

/// <summary>The fuel gauge's last reading as the firmware's battery monitor saw it; null fields were not read.</summary>
public sealed record BatteryView(double? Percent, double? Volts, bool Low, string? Error);

/// <summary>The GNSS receiver's newest report as the firmware decoded it.</summary>
public sealed record GnssView(bool Fix, string Quality, double? Latitude, double? Longitude, double? AltitudeMeters, int? Satellites, DateTimeOffset? FixUtc);

/// <summary>The real-time clock's last check: the verdict, what the chip held, and when it was checked.</summary>
public sealed record RtcView(bool Valid, string Detail, DateTimeOffset? RtcUtc, bool OscillatorStopped, DateTimeOffset CheckedUtc);

/// <summary>Pre-record buffer fill, reported by the capture pipeline: seconds held of the target.</summary>
public sealed record BufferFillView(double Seconds, double TargetSeconds);

/// <summary>
/// GET /api/camera: which camera runs, its encoder's process, the pre-record buffer in seconds
/// (<see cref="BufferedSeconds"/> of <see cref="TargetSeconds"/>) and bytes, whether a still can be
/// had (the emulator's page), and how a camera fault recovers.
/// </summary>
public sealed record CameraView(
    string Camera,
    bool Virtual,
    bool Running,
    int? ProcessId,
    double? BufferedSeconds,
    double? TargetSeconds,
    long? BytesUsed,
    long? ByteCapacity,
    bool PreviewReady,
    string Recovery);

public sealed record InputView(string Name, bool Active);

public sealed record OutputView(string Name, string Line, bool On);

/// <summary>One change of an output; for PWM outputs with the channel's frequency (Hz) and duty (0..1).</summary>
public sealed record EdgeView(long Seq, double T, DateTimeOffset Utc, bool On, int FrequencyHz, double DutyCycle);

public sealed record OutputTraceView(string Name, string Line, bool On, double Now, IReadOnlyList<EdgeView> Edges);

/// <summary>A beeper event: "start", "stop" or "change" (frequency or duty while sounding).</summary>
public sealed record ToneView(double T, DateTimeOffset Utc, string Kind, int FrequencyHz, double DutyCycle);

public sealed record AuditView(long Seq, DateTimeOffset Utc, string Kind, IReadOnlyDictionary<string, string> Details);

/// <summary>A clip in the recordings directory and its manifest (the firmware's ClipManifest), if a readable one lies beside it.</summary>
/// <param name="Categories">The recording's categories (from its category record); null when the clip has no readable manifest.</param>
public sealed record RecordingView(string Name, long SizeBytes, DateTimeOffset ModifiedUtc, string? ManifestName, ClipManifest? Manifest, RecordingCategoriesView? Categories = null);

public sealed record EnvironmentView(int BatteryPercent, long FreeStorageMegabytes, bool CameraFaulted);

/// <summary>Sent first on every event stream, so a client starts from the whole picture.</summary>
public sealed record SnapshotView(
    StatusView Status,
    IReadOnlyList<InputView> Inputs,
    IReadOnlyList<OutputView> Outputs,
    IReadOnlyList<AuditView> Audit,
    IReadOnlyList<RecordingView> Recordings);

/// <summary>An output change on the event stream.</summary>
public sealed record OutputEventView(string Name, double T, DateTimeOffset Utc, bool On, int FrequencyHz, double DutyCycle);

// Requests. A member the type does not have is an error naming it (a rig script's misspelt
// "activ" must not be read as "active: false"), and so is a missing required one.

/// <param name="AtMs">
/// Optional: when the edge happened on the client's own monotonic clock, in milliseconds. Edges of
/// one input then reach the pin no closer together than the client saw them.
/// </param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LevelRequest([property: JsonRequired] bool Active, double? AtMs = null);

/// <summary>Milliseconds down (press, hold) and up between the presses of a double-press.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PressRequest(double? Ms = null, double? GapMs = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DockRequest([property: JsonRequired] bool Docked);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BatteryRequest([property: JsonRequired] int Percent);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StorageRequest([property: JsonRequired] long FreeMegabytes);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FaultRequest(string? Detail = null);

/// <summary>A fix at latitude/longitude (degrees), or <c>fix: false</c> for none, or <c>silent: true</c> for no output at all.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GnssRequest(double? Latitude = null, double? Longitude = null, double? AltitudeMeters = null, int? Satellites = null, bool? Fix = null, bool? Silent = null);

/// <summary>The virtual RTC's state (running, stopped, missing, corrupt) and, running, an optional time.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RtcRequest([property: JsonRequired] string State, DateTimeOffset? Utc = null);

public sealed record ErrorView(string Error);

/// <summary>A press, hold or double-press made on the device's clock: when it began and ended (rig timeline, ms).</summary>
public sealed record GestureView(string Input, double StartedT, double ReleasedT);
