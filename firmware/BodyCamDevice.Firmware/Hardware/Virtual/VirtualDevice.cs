// The firmware on virtual hardware, seen from outside: the same WiredDevice composition a Pi runs
// (pin adapters, loop, controller) over VirtualDrivers, with helpers to press its inputs and read
// its outputs. Made whole for tests of the device's logic (with a recording pipeline of the
// test's choosing), or as a view of a DeviceAssembly built over VirtualDrivers (the emulator), in
// which case the assembly owns everything. Between the adapters and the virtual drivers sit the
// same tracing decorators a device in rig mode uses.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Tracing;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public sealed class VirtualDevice : IDisposable
{
    private readonly VirtualDrivers _drivers;
    private readonly WiredDevice _wired;
    private readonly bool _owned;

    /// <summary>A device of its own over new virtual drivers, recording through <paramref name="pipeline"/>.</summary>
    /// <param name="auditSinks">Sinks besides the in-memory <see cref="Audit"/> one.</param>
    public VirtualDevice(ValidatedDeviceOptions options, TimeProvider time, IRecordingPipeline pipeline, params IReadOnlyList<IAuditSink> auditSinks)
    {
        Time = time;
        _drivers = new VirtualDrivers(time);
        _drivers.Gpio.RestInputs(options.Value.Pins);
        _wired = new WiredDevice(options, _drivers.Gpio, _drivers.Pwm, time, pipeline, auditSinks);
        _owned = true;
    }

    private VirtualDevice(WiredDevice wired, VirtualDrivers drivers, TimeProvider time)
    {
        Time = time;
        _drivers = drivers;
        _wired = wired;
    }

    /// <summary>A view of a device already built over <paramref name="drivers"/> (a DeviceAssembly's); disposing it closes nothing.</summary>
    public static VirtualDevice Over(WiredDevice wired, VirtualDrivers drivers, TimeProvider time) => new(wired, drivers, time);

    public DeviceOptions Options => _wired.Options;
    public TimeProvider Time { get; }
    public VirtualGpioDriver Gpio => _drivers.Gpio;

    /// <summary>Output changes as the tracing decorators saw them (the view a rig has of a real device).</summary>
    public DeviceTracing Tracing => _wired.Tracing;
    public DeviceEventLoop Loop => _wired.Loop;
    public MemoryAuditSink Audit => _wired.Audit;
    public AuditTrail AuditTrail => _wired.AuditTrail;
    public DeviceController Controller => _wired.Controller;

    /// <summary>The pin adapters (inputs and outputs) the controller drives.</summary>
    public DeviceHardware Hardware => _wired.Hardware;

    /// <summary>The piezo's channel when the beeper is a passive piezo, else null.</summary>
    public VirtualPwmChannel? BeeperChannel =>
        Options.Pins.Beeper.Kind == BeeperKind.PassivePiezo ? _drivers.PwmChannels.GetValueOrDefault((Options.Pins.Beeper.Pwm.Chip, Options.Pins.Beeper.Pwm.Channel)) : null;

    public IReadOnlyDictionary<(int Chip, int Channel), VirtualPwmChannel> PwmChannels => _drivers.PwmChannels;

    public int RecordIndicatorPin => Options.Pins.RecordIndicator.Pin;
    public int StatusLedPin => Options.Pins.StatusLed.Pin;
    public int VibrationPin => Options.Pins.Vibration.Pin;

    /// <summary>Connects inputs and powers the device on (a device of its own; an assembly starts itself).</summary>
    public void Start() => _wired.Start();

    /// <summary>Sets an input to its active (pressed, docked, triggered) or inactive level.</summary>
    public void SetInput(DeviceInput input, bool active)
    {
        var options = InputOptions(input);
        Gpio.SetInput(options.Pin, Level(options, active));
    }

    public bool IsLit(int pin, ActiveLevel activeLevel = ActiveLevel.High) =>
        Gpio.LevelOf(pin) == (activeLevel == ActiveLevel.High ? PinValue.High : PinValue.Low);

    public InputPinOptions InputOptions(DeviceInput input) => input switch
    {
        DeviceInput.RecordButton => Options.Pins.RecordButton,
        DeviceInput.FunctionButton => Options.Pins.FunctionButton,
        DeviceInput.DockDetect => Options.Pins.DockDetect,
        _ => Options.Pins.ExternalTrigger,
    };

    public void Dispose()
    {
        if (_owned)
        {
            _wired.Dispose();
        }
    }

    private static PinValue Level(InputPinOptions input, bool active) =>
        (input.ActiveLevel == ActiveLevel.High) == active ? PinValue.High : PinValue.Low;
}
