namespace BodyCamDevice.Firmware.Capture;

// One index entry. ByteStart is a logical position in the arena: it only grows, and the physical
// offset is ByteStart modulo the arena size. WindowTime is the presentation timestamp on the
// continuous timeline the window is measured on (90 kHz ticks, see StreamTimeline).
internal readonly record struct StoredFrame(EncodedFrame Frame, long ByteStart, long WindowTime);
