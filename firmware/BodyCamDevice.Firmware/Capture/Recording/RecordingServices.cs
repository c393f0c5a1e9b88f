// What the recording writer uses from outside: the clock, free-space measurement, the muxer,
// the observer and the recording ID counter. Defaults are the device's; tests replace them.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed record RecordingServices
{
    // Polling, waits and storage-check intervals; UTC of stop and storage-full events.
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IStorageSpace Storage { get; init; } = new DriveInfoStorageSpace();

    public ClipMuxerFactory Muxers { get; init; } = Mp4.Mp4ClipMuxer.Factory();

    public IRecordingObserver Observer { get; init; } = NullRecordingObserver.Instance;

    // Share one instance across recordings so the counter goes on; null makes one per recording
    // (still unique: existing files are skipped).
    public RecordingNames? Names { get; init; }

    // The camera's newest stream-to-wall-clock sample. When the camera restarts during a
    // recording its timestamps begin again, so the clip after the restart ties its frames to UTC
    // through the new run's sample. Null: one timeline for the whole recording (the trigger's).
    public Func<Camera.StreamClockSample?>? CameraClock { get; init; }

    // Signing and chaining of manifests, encryption at rest, the open clip's journal. Null:
    // plain, unsigned clips (tests and benches of the writer alone).
    public Evidence.ClipEvidence? Evidence { get; init; }

    // The device clock's last check against the evidence store, which every manifest carries
    // (ClipManifest.Clock). Null: manifests say the clock was never checked.
    public Evidence.ClockSyncRecord? ClockSync { get; init; }
}
