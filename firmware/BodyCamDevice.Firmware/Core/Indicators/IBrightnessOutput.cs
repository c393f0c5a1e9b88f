namespace BodyCamDevice.Firmware.Core.Indicators;

/// <summary>An LED as core logic sees it. Implemented by the GPIO and PWM adapters; called on the device loop.</summary>
public interface IBrightnessOutput
{
    /// <summary>0 = off, 1 = full; values between need a PWM-driven LED (a GPIO LED lights for any value above 0).</summary>
    void SetBrightness(double brightness);
}
