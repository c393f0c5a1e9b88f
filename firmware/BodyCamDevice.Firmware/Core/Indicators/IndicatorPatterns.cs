// What the two LEDs show in each state: the red circle blinks only while recording (solid at boot
// and on a fault), the green LED blinks while buffering and blinks the fault code on a fault.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Core.Indicators;

public sealed class IndicatorPatterns(LightOptions options)
{
    public LightPattern RecordIndicator(DeviceState state) => state switch
    {
        DeviceState.Booting or DeviceState.Fault => LightPattern.Solid,
        DeviceState.Recording => LightPattern.Blink("recording", options.RecordBlinkOn, options.RecordBlinkOff),
        _ => LightPattern.Off,
    };

    public LightPattern StatusLed(DeviceState state, FaultCode? fault) => state switch
    {
        DeviceState.Buffering or DeviceState.Starting => LightPattern.Blink("buffering", options.BufferingBlinkOn, options.BufferingBlinkOff),
        DeviceState.Stopping or DeviceState.Docked => LightPattern.Solid,
        DeviceState.Fault => LightPattern.Code((int)(fault ?? FaultCode.Internal), options.FaultPulse, options.FaultPause),
        _ => LightPattern.Off,
    };

    /// <summary>Brightness for the light mode; stealth overrides every mode with darkness.</summary>
    public double Brightness(LightMode mode, bool stealth) => stealth ? 0 : mode switch
    {
        LightMode.Normal => 1.0,
        LightMode.Dim => options.DimBrightness,
        _ => 0.0,
    };
}
