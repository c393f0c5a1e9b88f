using BodyCamDevice.Firmware.Core.Indicators;
using BodyCamDevice.Firmware.Core.Tones;

namespace BodyCamDevice.Firmware.Core;

/// <summary>The outputs core logic drives; built by the hardware layer, owned by it.</summary>
public sealed record DeviceOutputs(IBrightnessOutput RecordIndicator, IBrightnessOutput StatusLed, IBeeper Beeper, IVibrationMotor Vibration);
