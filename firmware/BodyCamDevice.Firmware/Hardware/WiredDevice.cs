// The firmware wired to a GPIO driver and a PWM channel factory: the tracing decorators, the
// GpioController, the pin adapters (DeviceHardware), the event loop, the audit trail and the
// DeviceController, composed the same way on a Pi (libgpiod, PwmChannel.Create) and on virtual
// pins (VirtualDevice, the emulator, `bodycam run --virtual-gpio`).
// It takes a validated configuration (ValidatedDeviceOptions): a bad one never gets as far as a
// driver. DeviceAssembly puts it together with the capture pipeline and the optional parts.
// Ownership: owns the driver (through the GpioController), every channel the factory makes and
// every pin opened; the pipeline and the extra audit sinks stay the caller's.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware.Tracing;

namespace BodyCamDevice.Firmware.Hardware;

public sealed class WiredDevice : IDisposable
{
    private readonly GpioController _gpio;

    /// <param name="auditSinks">Sinks besides the in-memory <see cref="Audit"/> one (the JSON-lines file on a device).</param>
    public WiredDevice(ValidatedDeviceOptions options, GpioDriver driver, PwmChannelFactory pwm, TimeProvider time, IRecordingPipeline pipeline, params IReadOnlyList<IAuditSink> auditSinks)
    {
        Options = options.Value;
        Tracing = new DeviceTracing(time);
        _gpio = new GpioController(Tracing.Wrap(driver));
        try
        {
            Hardware = new DeviceHardware(options, _gpio, Tracing.Wrap(pwm));
        }
        catch
        {
            _gpio.Dispose();
            throw;
        }

        Loop = new DeviceEventLoop(time);
        Audit = new MemoryAuditSink();
        AuditTrail = new AuditTrail(time, [Audit, .. auditSinks]);
        Controller = new DeviceController(options, Loop, Hardware.Outputs, pipeline, AuditTrail);
    }

    public DeviceOptions Options { get; }

    /// <summary>Every output change as the firmware drove it (what a rig reads).</summary>
    public DeviceTracing Tracing { get; }

    public DeviceHardware Hardware { get; }
    public DeviceEventLoop Loop { get; }
    public MemoryAuditSink Audit { get; }
    public AuditTrail AuditTrail { get; }
    public DeviceController Controller { get; }

    /// <summary>Connects the inputs and powers the device on.</summary>
    public void Start() => Hardware.Start(Controller);

    public void Dispose()
    {
        Hardware.Dispose();
        _gpio.Dispose();
    }
}
