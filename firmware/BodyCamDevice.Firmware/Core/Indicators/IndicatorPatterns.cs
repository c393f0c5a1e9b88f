// What the two LEDs show in each state: the red circle blinks only while recording (solid at boot
// and on a fault), the green LED blinks while buffering and blinks the fault code on a fault.
// Docked, the green LED shows the offload: a quick flash while uploading, solid when done (every
// recording confirmed by the store or refused by it), a double pulse when it is failing, and a
// long wink (on, briefly dark) when it is only charging (no store to offload to, or the offload
// not begun). Each differs from every other pattern of the green LED, so a glance at a row of
// docks tells them apart.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Offload;
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

    /// <summary>Uploading: 150 ms on, 150 ms off (faster than any other blink).</summary>
    public static LightPattern Uploading { get; } = LightPattern.Blink("uploading", TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(150));

    /// <summary>Failing: two 100 ms pulses 100 ms apart, then 1.7 s dark.</summary>
    public static LightPattern OffloadFailing { get; } = new("offload failing",
    [
        new(true, TimeSpan.FromMilliseconds(100)), new(false, TimeSpan.FromMilliseconds(100)),
        new(true, TimeSpan.FromMilliseconds(100)), new(false, TimeSpan.FromMilliseconds(1700)),
    ]);

    /// <summary>Docked without an offload (no store configured, or not yet begun): 1.8 s on, 200 ms dark.</summary>
    public static LightPattern DockedIdle { get; } = LightPattern.Blink("docked, charging only", TimeSpan.FromMilliseconds(1800), TimeSpan.FromMilliseconds(200));

    /// <summary>Done: every recording confirmed by the store (or refused by it); solid.</summary>
    public static LightPattern OffloadDone { get; } = LightPattern.Solid;

    public LightPattern StatusLed(DeviceState state, FaultCode? fault, DockOffloadPhase offload = DockOffloadPhase.Idle) => state switch
    {
        DeviceState.Buffering or DeviceState.Starting => LightPattern.Blink("buffering", options.BufferingBlinkOn, options.BufferingBlinkOff),
        DeviceState.Docked => Docked(offload),
        DeviceState.Stopping => LightPattern.Solid,
        DeviceState.Fault => LightPattern.Code((int)(fault ?? FaultCode.Internal), options.FaultPulse, options.FaultPause),
        _ => LightPattern.Off,
    };

    /// <summary>The green LED in the dock: what the offload is doing.</summary>
    public static LightPattern Docked(DockOffloadPhase offload) => offload switch
    {
        DockOffloadPhase.Uploading => Uploading,
        DockOffloadPhase.Failing => OffloadFailing,
        DockOffloadPhase.Done => OffloadDone,
        _ => DockedIdle,
    };

    /// <summary>Brightness for the light mode; stealth overrides every mode with darkness.</summary>
    public double Brightness(LightMode mode, bool stealth) => stealth ? 0 : mode switch
    {
        LightMode.Normal => 1.0,
        LightMode.Dim => options.DimBrightness,
        _ => 0.0,
    };
}
