namespace BodyCamDevice.Device.Drivers;

/// <summary>The GPIO chip or a PWM channel could not be opened; the message names it and says what to check.</summary>
internal sealed class HardwareUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
