// Base of GpioDriver decorators: passes every call on to an inner driver, so a decorator overrides
// only what it adds to (the tracing decorator records writes; a test driver counts opened pins).
//
// GpioDriver's members are protected, so the inner driver is reached through a GpioController of
// its own, which owns and disposes it. Opening an output with an initial level is left to
// GpioDriver's default ("set mode, then write"), so a decorator that overrides Write sees it.
// Threading: as thread-safe as the inner driver.
using System.Device.Gpio;

namespace BodyCamDevice.Firmware.Hardware;

public abstract class ForwardingGpioDriver : GpioDriver
{
    /// <param name="inner">The driver doing the work; disposed with this one.</param>
    protected ForwardingGpioDriver(GpioDriver inner)
    {
        Inner = new GpioController(inner);
    }

    protected GpioController Inner { get; }

    protected override int PinCount => Inner.PinCount;

    protected override void OpenPin(int pinNumber) => Inner.OpenPin(pinNumber);

    protected override void ClosePin(int pinNumber) => Inner.ClosePin(pinNumber);

    protected override void SetPinMode(int pinNumber, PinMode mode) => Inner.SetPinMode(pinNumber, mode);

    protected override PinMode GetPinMode(int pinNumber) => Inner.GetPinMode(pinNumber);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => Inner.IsPinModeSupported(pinNumber, mode);

    protected override PinValue Read(int pinNumber) => Inner.Read(pinNumber);

    protected override void Write(int pinNumber, PinValue value) => Inner.Write(pinNumber, value);

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        Inner.WaitForEvent(pinNumber, eventTypes, cancellationToken);

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        Inner.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, callback);

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        Inner.UnregisterCallbackForPinValueChangedEvent(pinNumber, callback);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
