// What the splitter reports about each access unit, next to the unit's packets.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

public enum ElementaryStreamKind
{
    Video,
    Audio,
}

[Flags]
public enum AccessUnitFlags
{
    None = 0,

    // Video: the first slice is an IDR slice, so decoding can start here. Audio: always set, as
    // every AAC frame decodes on its own.
    Keyframe = 1 << 0,

    // The muxer set random_access_indicator in the adaptation field of the unit's first packet
    // (ffmpeg does so on keyframes of both streams).
    RandomAccess = 1 << 1,

    // Video: an SPS NAL unit precedes the first slice.
    ParameterSets = 1 << 2,

    // A packet of the unit carried discontinuity_indicator: the muxer announced a break in the
    // timeline or the continuity counters.
    Discontinuity = 1 << 3,

    // A continuity counter jumped on this PID before the next unit started: packets are missing.
    ContinuityError = 1 << 4,

    // Bytes were dropped to regain packet sync while this unit was being collected.
    SyncLoss = 1 << 5,

    // The PES header had no PTS or could not be read; Pts and Dts are then meaningless.
    NoTimestamp = 1 << 6,

    // The unit outgrew the splitter's size limit; the packets beyond it were dropped.
    Truncated = 1 << 7,
}

// Pts and Dts are 90 kHz ticks, unwrapped from the stream's 33 bits onto one timeline shared by
// both streams; Dts equals Pts when the PES header carries no DTS. Sequence counts units in the
// order they are emitted, both streams together, from 0 and without gaps, so a consumer can tell
// whether it missed one.
public readonly record struct AccessUnitInfo(
    long Sequence,
    ElementaryStreamKind Stream,
    int Pid,
    long Pts,
    long Dts,
    AccessUnitFlags Flags,
    int PacketCount)
{
    public bool IsKeyframe => (Flags & AccessUnitFlags.Keyframe) != 0;

    public bool HasParameterSets => (Flags & AccessUnitFlags.ParameterSets) != 0;

    public int ByteCount => PacketCount * TsPacket.Size;
}
