// A GpioDriver decorator that records every level the firmware writes to an output line into an
// OutputTrace, then passes the call on. It wraps any driver — libgpiod on a Pi, the virtual one
// in the emulator — so a test rig can read the LED and vibration edges of a real device.
//
// GpioDriver's members are protected, so the inner driver is reached through a GpioController
// of its own (which owns and disposes it). Opening an output with an initial level becomes
// "set mode, then write" on the inner driver, as GpioDriver's own default does.
// Threading: as thread-safe as the inner driver; the trace has its own lock.
using System.Device.Gpio;

namespace BodyCamDevice.Firmware.Hardware.Tracing;

public sealed class TracingGpioDriver : GpioDriver
{
    private readonly GpioController _inner;
    private readonly OutputTrace _trace;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinValue> _written = new();

    /// <param name="inner">The driver doing the work; disposed with this one.</param>
    public TracingGpioDriver(GpioDriver inner, OutputTrace trace)
    {
        _inner = new GpioController(inner);
        _trace = trace;
    }

    protected override int PinCount => _inner.PinCount;

    protected override void OpenPin(int pinNumber) => _inner.OpenPin(pinNumber);

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _written.Remove(pinNumber);
        }

        _inner.ClosePin(pinNumber);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode) => _inner.SetPinMode(pinNumber, mode);

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        _inner.SetPinMode(pinNumber, mode);
        if (mode == PinMode.Output)
        {
            Write(pinNumber, initialValue);
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => _inner.GetPinMode(pinNumber);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => _inner.IsPinModeSupported(pinNumber, mode);

    protected override PinValue Read(int pinNumber) => _inner.Read(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        _inner.Write(pinNumber, value);
        lock (_lock)
        {
            // Only changes are edges; the first write after opening is recorded as the starting level.
            if (_written.TryGetValue(pinNumber, out var previous) && previous == value)
            {
                return;
            }

            _written[pinNumber] = value;
        }

        _trace.Append(OutputTrace.GpioLine(pinNumber), value == PinValue.High, 0, value == PinValue.High ? 1 : 0);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        _inner.WaitForEvent(pinNumber, eventTypes, cancellationToken);

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        _inner.RegisterCallbackForPinValueChangedEvent(pinNumber, eventTypes, callback);

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        _inner.UnregisterCallbackForPinValueChangedEvent(pinNumber, callback);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
