// The whole device on virtual hardware: the same WiredDevice composition a Pi runs (pin adapters,
// loop, controller), over VirtualGpioDriver and VirtualPwmChannels. Used by the
// emulator, the tests and bring-up without GPIO. The caller drives inputs through the
// Press/Release helpers (or Gpio.SetInput) and reads outputs from the traces. Between the
// adapters and the virtual drivers sit the same tracing decorators a device in rig mode uses.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Tracing;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public sealed class VirtualDevice : IDisposable
{
    private readonly Dictionary<(int Chip, int Channel), VirtualPwmChannel> _pwmChannels = new();
    private readonly WiredDevice _wired;

    /// <param name="pipeline">Null uses a <see cref="StandInRecordingPipeline"/> (see <see cref="StandIn"/>).</param>
    /// <param name="auditSinks">Sinks besides the in-memory <see cref="Audit"/> one.</param>
    public VirtualDevice(DeviceOptions options, TimeProvider time, IRecordingPipeline? pipeline = null, params IReadOnlyList<IAuditSink> auditSinks)
    {
        Options = DeviceOptionsValidator.ThrowIfInvalid(options);
        Time = time;
        Gpio = new VirtualGpioDriver(time);

        Gpio.RestInputs(options.Pins);

        StandIn = pipeline as StandInRecordingPipeline ?? (pipeline is null ? new StandInRecordingPipeline(time) : null);
        _wired = new WiredDevice(options, Gpio, (chip, channel, frequency, duty) =>
        {
            var created = new VirtualPwmChannel(time, $"pwm{chip}/{channel}", frequency, duty);
            _pwmChannels[(chip, channel)] = created;
            return created;
        }, time, pipeline ?? StandIn!, auditSinks);
    }

    public DeviceOptions Options { get; }
    public TimeProvider Time { get; }
    public VirtualGpioDriver Gpio { get; }

    /// <summary>Output changes as the tracing decorators saw them (the view a rig has of a real device).</summary>
    public DeviceTracing Tracing => _wired.Tracing;
    public DeviceEventLoop Loop => _wired.Loop;
    public MemoryAuditSink Audit => _wired.Audit;
    public AuditTrail AuditTrail => _wired.AuditTrail;
    public DeviceController Controller => _wired.Controller;

    /// <summary>The pin adapters (inputs and outputs) the controller drives.</summary>
    public DeviceHardware Hardware => _wired.Hardware;

    /// <summary>The stand-in pipeline when no real one was given, else null.</summary>
    public StandInRecordingPipeline? StandIn { get; }

    /// <summary>The piezo's channel when the beeper is a passive piezo, else null.</summary>
    public VirtualPwmChannel? BeeperChannel =>
        Options.Pins.Beeper.Kind == BeeperKind.PassivePiezo ? _pwmChannels.GetValueOrDefault((Options.Pins.Beeper.Pwm.Chip, Options.Pins.Beeper.Pwm.Channel)) : null;

    public IReadOnlyDictionary<(int Chip, int Channel), VirtualPwmChannel> PwmChannels => _pwmChannels;

    public int RecordIndicatorPin => Options.Pins.RecordIndicator.Pin;
    public int StatusLedPin => Options.Pins.StatusLed.Pin;
    public int VibrationPin => Options.Pins.Vibration.Pin;

    /// <summary>Connects inputs and powers the device on.</summary>
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

    public void Dispose() => _wired.Dispose();

    private static PinValue Level(InputPinOptions input, bool active) =>
        (input.ActiveLevel == ActiveLevel.High) == active ? PinValue.High : PinValue.Low;
}
