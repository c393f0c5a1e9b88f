// A GpioDriver decorator that records every level the firmware writes to an output line into an
// OutputTrace, then passes the call on. It wraps any driver — libgpiod on a Pi, the virtual one
// in the emulator — so a test rig can read the LED and vibration edges of a real device.
//
// Everything else is forwarded as it is (ForwardingGpioDriver). Opening an output with an initial
// level becomes "set mode, then write" on the inner driver, so that level is traced too.
// Threading: as thread-safe as the inner driver; the trace has its own lock.
using System.Device.Gpio;

namespace BodyCamDevice.Firmware.Hardware.Tracing;

public sealed class TracingGpioDriver : ForwardingGpioDriver
{
    private readonly OutputTrace _trace;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinValue> _written = new();

    /// <param name="inner">The driver doing the work; disposed with this one.</param>
    public TracingGpioDriver(GpioDriver inner, OutputTrace trace)
        : base(inner)
    {
        _trace = trace;
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            _written.Remove(pinNumber);
        }

        Inner.ClosePin(pinNumber);
    }

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        Inner.SetPinMode(pinNumber, mode);
        if (mode == PinMode.Output)
        {
            Write(pinNumber, initialValue);
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        Inner.Write(pinNumber, value);
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
}
