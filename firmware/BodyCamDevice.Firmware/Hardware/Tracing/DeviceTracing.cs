// Puts the tracing decorators between a device's hardware adapters and its drivers: wrap the
// GPIO driver before building the GpioController, and the PWM channel factory before building
// DeviceHardware. Every output change then lands in one OutputTrace, on a Pi as in the emulator.
namespace BodyCamDevice.Firmware.Hardware.Tracing;

public sealed class DeviceTracing(TimeProvider time, int capacity = 200_000)
{
    public OutputTrace Trace { get; } = new(time, capacity);

    /// <summary>The returned driver owns <paramref name="driver"/>.</summary>
    public TracingGpioDriver Wrap(System.Device.Gpio.GpioDriver driver) => new(driver, Trace);

    public PwmChannelFactory Wrap(PwmChannelFactory factory) => (chip, channel, frequencyHz, dutyCycle) =>
        new TracingPwmChannel(factory(chip, channel, frequencyHz, dutyCycle), OutputTrace.PwmLine(chip, channel), Trace);
}
