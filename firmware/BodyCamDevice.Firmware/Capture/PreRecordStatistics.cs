namespace BodyCamDevice.Firmware.Capture;

// A consistent snapshot for the UI and the log.
// BufferedDuration: from the oldest retained frame's presentation timestamp to the newest one's
// (continuous across encoder restarts); it runs from Duration up to Duration plus one GOP in
// steady state, and longer while a slow reader holds frames back.
// BytesUsed: payload bytes of retained frames; ByteCapacity is the arena size, allocated up front.
// DroppedFrameCount: frames refused on arrival plus frames evicted before an active reader read
// them, since the buffer was created.
public readonly record struct PreRecordStatistics(
    TimeSpan Duration,
    TimeSpan BufferedDuration,
    long BytesUsed,
    long ByteCapacity,
    int FrameCount,
    int FrameCapacity,
    long DroppedFrameCount,
    int ReaderCount);
