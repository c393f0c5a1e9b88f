// What is burnt into every frame: the UTC time, or CLOCK NOT SET when the wall clock cannot be
// trusted, and who recorded it. ClockIsSet is decided by the caller (the device's clock check)
// each time the encoder starts; drawtext reads the system clock itself for every frame.
namespace BodyCamDevice.Firmware.Capture.Camera;

public readonly record struct Watermark(string DeviceSerial, string OfficerId, bool ClockIsSet);
