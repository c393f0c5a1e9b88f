namespace BodyCamDevice.Firmware.Capture;

// What happened to one appended frame. A refused frame still consumed its sequence number, so an
// active reader will be told about it as part of a gap.
public readonly record struct AppendResult(long Sequence, bool Stored);
