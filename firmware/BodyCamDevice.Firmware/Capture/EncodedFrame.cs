using System.Runtime.InteropServices;

namespace BodyCamDevice.Firmware.Capture;

// Metadata of one encoded frame held by the pre-record buffer: an H.264 access unit or an AAC
// frame, in practice the MPEG-TS packets carrying it. The bytes themselves stay in the buffer.
//
// Sequence is assigned by the buffer, starts at 0 and grows by one per appended frame, including
// frames the buffer had to refuse, so a missing number always means a lost frame.
// Timestamps are in 90 kHz ticks, already unwrapped from the 33-bit MPEG-TS clock, exactly as the
// producer passed them (never rebased). Length is in bytes. Auto layout packs the two byte-sized
// fields next to Length (32 bytes instead of 40): the index holds tens of thousands of these.
[StructLayout(LayoutKind.Auto)]
public readonly record struct EncodedFrame(
    long Sequence,
    MediaStreamKind Kind,
    long PresentationTimestamp,
    long DecodeTimestamp,
    FrameFlags Flags,
    int Length)
{
    public bool IsKeyframe => Kind == MediaStreamKind.Video && (Flags & FrameFlags.Keyframe) != 0;

    // SPS/PPS present in the access unit: a decoder can start here without earlier data.
    public bool CarriesParameterSets => (Flags & FrameFlags.ParameterSets) != 0;

    public bool IsDiscontinuity => (Flags & FrameFlags.Discontinuity) != 0;
}
