using System.Device.Gpio;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

/// <summary>
/// One recorded level change of a virtual pin. <see cref="Timestamp"/> is the TimeProvider's
/// monotonic timestamp (for intervals); <see cref="Time"/> its UTC clock (for people).
/// </summary>
public readonly record struct PinEdge(long Timestamp, DateTimeOffset Time, int Pin, PinValue Value, bool IsOutput);
