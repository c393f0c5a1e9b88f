namespace BodyCamDevice.Firmware.Capture;

// Properties of one encoded frame. Keyframe means an H.264 IDR access unit and is ignored on audio
// frames. Discontinuity marks the first frame stored after an encoder restart: the producer may
// declare it, and the pre-record buffer also sets it when the timestamps jump (see StreamTimeline).
[Flags]
public enum FrameFlags : byte
{
    None = 0,
    Keyframe = 1,
    ParameterSets = 2,
    Discontinuity = 4,
}
