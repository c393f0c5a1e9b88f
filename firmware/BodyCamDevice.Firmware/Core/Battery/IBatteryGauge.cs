namespace BodyCamDevice.Firmware.Core.Battery;

/// <summary>
/// How the battery monitor gets a reading without doing I/O on the device loop: Request starts
/// one read and returns at once; the reading is delivered through <c>deliver</c> later from any
/// thread (an in-memory gauge may deliver before returning). Exactly one delivery per request.
/// </summary>
public interface IBatteryGauge
{
    void Request(Action<BatteryReading> deliver);
}
