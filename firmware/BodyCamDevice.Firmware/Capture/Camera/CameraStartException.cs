// The camera cannot be started as configured (e.g. the looped file is missing). The message names
// the setting and its value, like a configuration error.
namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed class CameraStartException(string message) : Exception(message);
