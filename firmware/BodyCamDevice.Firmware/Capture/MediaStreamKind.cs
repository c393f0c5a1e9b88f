namespace BodyCamDevice.Firmware.Capture;

// Which elementary stream an encoded frame belongs to. Only video frames start GOPs; every audio
// frame (AAC) decodes on its own.
public enum MediaStreamKind : byte
{
    Video,
    Audio,
}
