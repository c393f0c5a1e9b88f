// A GPIO driver with no hardware behind it, for the emulator, tests and bring-up on machines
// without GPIO. Outputs are recorded in a timestamped trace; inputs are driven by the caller
// (SetInput), which fires the registered edge callbacks like a kernel driver would.
//
// Threading: every member is thread-safe. Edge callbacks and the Changed event run on the
// thread that caused the change, after the driver's lock is released.
using System.Device.Gpio;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public sealed class VirtualGpioDriver : GpioDriver
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, VirtualPin> _pins = new();
    private readonly List<PinEdge> _trace = new();

    public VirtualGpioDriver(TimeProvider time, int pinCount = 28)
    {
        _time = time;
        PinCountValue = pinCount;
    }

    /// <summary>Raised after any pin changes level (outputs written, inputs driven).</summary>
    public event Action<PinEdge>? Changed;

    /// <summary>Raised after a pin is closed (the device letting go of its pins at shutdown), with its number.</summary>
    public event Action<int>? Closed;

    private int PinCountValue { get; }

    protected override int PinCount => PinCountValue;

    /// <summary>Every level change of every pin, oldest first.</summary>
    public IReadOnlyList<PinEdge> Trace
    {
        get
        {
            lock (_lock)
            {
                return _trace.ToArray();
            }
        }
    }

    public IReadOnlyList<PinEdge> EdgesOf(int pin)
    {
        lock (_lock)
        {
            return _trace.Where(edge => edge.Pin == pin).ToArray();
        }
    }

    public void ClearTrace()
    {
        lock (_lock)
        {
            _trace.Clear();
        }
    }

    public bool IsOpen(int pin)
    {
        lock (_lock)
        {
            return _pins.ContainsKey(pin);
        }
    }

    /// <summary>The level on a pin as a meter would read it (open or not).</summary>
    public PinValue LevelOf(int pin)
    {
        lock (_lock)
        {
            return _pins.TryGetValue(pin, out var state) ? state.Level : PinValue.Low;
        }
    }

    /// <summary>Puts every enabled input of <paramref name="pins"/> at its inactive level, as a real board's pulls hold them.</summary>
    public void RestInputs(Configuration.PinMapOptions pins)
    {
        foreach (var input in new[] { pins.RecordButton, pins.FunctionButton, pins.DockDetect, pins.ExternalTrigger })
        {
            if (input.Enabled)
            {
                SetInput(input.Pin, input.ActiveLevel == Configuration.ActiveLevel.High ? PinValue.Low : PinValue.High);
            }
        }
    }

    /// <summary>Drives an input pin from outside (a finger on a button, a rig's optocoupler).</summary>
    public void SetInput(int pin, PinValue value)
    {
        PinChangeEventHandler[] callbacks;
        PinEdge edge;
        lock (_lock)
        {
            var state = GetOrAdd(pin);
            state.ExternalLevel = value;
            if (state.Level == value)
            {
                return;
            }

            state.Level = value;
            edge = Record(pin, value, isOutput: false);
            var type = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            callbacks = state.Callbacks.Where(c => (c.Types & type) != 0).Select(c => c.Handler).ToArray();
        }

        var args = new PinValueChangedEventArgs(value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling, pin);
        foreach (var callback in callbacks)
        {
            callback(this, args);
        }

        Changed?.Invoke(edge);
    }

    protected override void OpenPin(int pinNumber)
    {
        ThrowIfOutOfRange(pinNumber);
        lock (_lock)
        {
            GetOrAdd(pinNumber).IsOpen = true;
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        bool closed;
        lock (_lock)
        {
            closed = _pins.TryGetValue(pinNumber, out var state);
            if (closed)
            {
                state!.IsOpen = false;
                state.Callbacks.Clear();
                _pins.Remove(pinNumber);
            }
        }

        if (closed)
        {
            Closed?.Invoke(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            var state = GetOrAdd(pinNumber);
            state.Mode = mode;

            // An undriven input floats to its pull; an externally driven one keeps its level.
            if (mode != PinMode.Output && state.ExternalLevel is null)
            {
                state.Level = mode == PinMode.InputPullUp ? PinValue.High : PinValue.Low;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_lock)
        {
            return GetOrAdd(pinNumber).Mode;
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => mode is PinMode.Input or PinMode.Output or PinMode.InputPullUp or PinMode.InputPullDown;

    protected override PinValue Read(int pinNumber)
    {
        lock (_lock)
        {
            return GetOrAdd(pinNumber).Level;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        PinEdge edge;
        lock (_lock)
        {
            var state = GetOrAdd(pinNumber);
            if (state.Mode != PinMode.Output)
            {
                throw new InvalidOperationException($"GPIO {pinNumber} is an input ({state.Mode}); it cannot be written.");
            }

            if (state.Level == value)
            {
                return;
            }

            state.Level = value;
            edge = Record(pinNumber, value, isOutput: true);
        }

        Changed?.Invoke(edge);
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken)
    {
        using var signal = new ManualResetEventSlim();
        PinEventTypes seen = PinEventTypes.None;
        PinChangeEventHandler handler = (_, args) =>
        {
            seen = args.ChangeType;
            signal.Set();
        };
        AddCallbackForPinValueChangedEvent(pinNumber, eventTypes, handler);
        try
        {
            signal.Wait(cancellationToken);
            return new WaitForEventResult { EventTypes = seen, TimedOut = false };
        }
        catch (OperationCanceledException)
        {
            return new WaitForEventResult { EventTypes = PinEventTypes.None, TimedOut = true };
        }
        finally
        {
            RemoveCallbackForPinValueChangedEvent(pinNumber, handler);
        }
    }

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            GetOrAdd(pinNumber).Callbacks.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            GetOrAdd(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
        }
    }

    private PinEdge Record(int pin, PinValue value, bool isOutput)
    {
        var edge = new PinEdge(_time.GetTimestamp(), _time.GetUtcNow(), pin, value, isOutput);
        _trace.Add(edge);
        return edge;
    }

    private VirtualPin GetOrAdd(int pin)
    {
        if (!_pins.TryGetValue(pin, out var state))
        {
            state = new VirtualPin();
            _pins[pin] = state;
        }

        return state;
    }

    private void ThrowIfOutOfRange(int pin)
    {
        if (pin < 0 || pin >= PinCountValue)
        {
            throw new ArgumentOutOfRangeException(nameof(pin), pin, $"The virtual GPIO chip has lines 0 to {PinCountValue - 1}.");
        }
    }

    private sealed class VirtualPin
    {
        public bool IsOpen { get; set; }
        public PinMode Mode { get; set; } = PinMode.Input;
        public PinValue Level { get; set; } = PinValue.Low;
        public PinValue? ExternalLevel { get; set; }
        public List<(PinEventTypes Types, PinChangeEventHandler Handler)> Callbacks { get; } = new();
    }
}
