namespace BodyCamDevice.Firmware.Evidence.Identity;

// The device's identity key cannot be used: missing, unreadable, malformed, of the wrong kind, or
// readable by others. The message names the file and what is wrong with it, never the key.
public sealed class DeviceIdentityException(string message, Exception? inner = null) : Exception(message, inner);
