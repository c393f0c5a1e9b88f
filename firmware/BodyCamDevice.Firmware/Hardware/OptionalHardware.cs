// Opens the optional parts the configuration enables — DS3231 RTC, NMEA GNSS receiver, INA219
// fuel gauge — and connects them to the controller: the RTC is read once at start and its
// verdict posted to the controller (clock alarm), GNSS fixes go to DeviceController.OnGnssFix,
// and a BatteryMonitor polls the gauge and owns the low-battery alarm. A part that cannot be
// opened is not fatal: the RTC then reads as missing (clock alarm), the gauge as unreadable
// (audited), the receiver as silent (every location "no fix"); OpenErrors lists why.
//
// A host wires it in after the controller exists and its pins are connected:
//     using var optional = new OptionalHardware(validatedOptions, OptionalHardwarePorts.Linux);
//     optional.Start(controller, loop, auditTrail);
//
// Threads: the constructor and Start may block briefly (opening devices); nothing they start
// runs I/O on the device loop (the RTC and gauge are read on the thread pool, the receiver on
// its own thread) unless the ports are in memory (InMemory, for virtual chips).
// Ownership: owns every device it opened and the monitor; the controller and loop are the caller's.
using System.Device.I2c;
using System.IO.Ports;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Battery;
using BodyCamDevice.Firmware.Core.Clock;
using BodyCamDevice.Firmware.Hardware.Battery;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Rtc;

namespace BodyCamDevice.Firmware.Hardware;

/// <summary>Opens an I2C device: (bus number, 7-bit address). On a Pi: /dev/i2c-N.</summary>
public delegate I2cDevice I2cDeviceFactory(int busId, int address);

/// <summary>Opens a serial port for reading: (device path, baud rate), 8N1.</summary>
public delegate Stream SerialPortFactory(string port, int baudRate);

/// <summary>How the optional parts reach their buses.</summary>
/// <param name="Serial">Null: the GNSS receiver reads no port and is fed with NmeaGnssReceiver.Feed.</param>
/// <param name="InMemory">The chips are in memory: read them inline, so a reading lands at once (virtual time).</param>
public sealed record OptionalHardwarePorts(I2cDeviceFactory I2c, SerialPortFactory? Serial, bool InMemory = false)
{
    /// <summary>Linux: /dev/i2c-N through System.Device.I2c, the serial port through System.IO.Ports.</summary>
    public static OptionalHardwarePorts Linux { get; } = new(
        (bus, address) => I2cDevice.Create(new I2cConnectionSettings(bus, address)),
        (port, baud) =>
        {
            var serial = new SerialPort(port, baud, Parity.None, 8, StopBits.One) { ReadTimeout = SerialPort.InfiniteTimeout };
            serial.Open();
            return serial.BaseStream;
        });
}

public sealed class OptionalHardware : IDisposable
{
    private readonly DeviceOptions _options;
    private readonly OptionalHardwarePorts _ports;
    private readonly Stream? _gnssStream;
    private readonly List<string> _openErrors = [];
    private DeviceController? _controller;

    public OptionalHardware(ValidatedDeviceOptions validated, OptionalHardwarePorts ports)
    {
        var options = validated.Value;
        _options = options;
        _ports = ports;
        if (options.Rtc.Enabled)
        {
            Rtc = Open("Rtc", () => new Ds3231Clock(ports.I2c(options.Rtc.I2cBus, options.Rtc.Address)));
        }

        if (options.FuelGauge.Enabled)
        {
            FuelGauge = Open("FuelGauge", () => new Ina219FuelGauge(ports.I2c(options.FuelGauge.I2cBus, options.FuelGauge.Address), new VoltageCurve(options.FuelGauge.VoltageCurve)));
        }

        if (options.Gnss.Enabled && ports.Serial is { } serial)
        {
            _gnssStream = Open("Gnss", () => serial(options.Gnss.SerialPort, options.Gnss.BaudRate));
        }
    }

    /// <summary>The RTC; null when not enabled or not openable (see <see cref="OpenErrors"/>).</summary>
    public Ds3231Clock? Rtc { get; }

    /// <summary>The fuel gauge; null when not enabled or not openable.</summary>
    public Ina219FuelGauge? FuelGauge { get; }

    /// <summary>The GNSS receiver once started; null when Gnss is not enabled.</summary>
    public NmeaGnssReceiver? Gnss { get; private set; }

    /// <summary>The battery monitor once started; null when FuelGauge is not enabled.</summary>
    public BatteryMonitor? Battery { get; private set; }

    /// <summary>Why a part could not be opened, one line each ("Rtc: …").</summary>
    public IReadOnlyList<string> OpenErrors => _openErrors;

    /// <summary>Connects the parts to the controller; call once, after the controller started.</summary>
    public void Start(DeviceController controller, DeviceEventLoop loop, AuditTrail audit)
    {
        _controller = controller;
        foreach (var error in _openErrors)
        {
            audit.Record("hardware", ("result", "cannot open"), ("detail", error));
        }

        if (_options.Gnss.Enabled)
        {
            Gnss = new NmeaGnssReceiver(controller.OnGnssFix);
            if (_gnssStream is not null)
            {
                Gnss.Start(_gnssStream);
            }
        }

        if (_options.Rtc.Enabled)
        {
            CheckRtc();
        }

        if (_options.FuelGauge.Enabled)
        {
            var failure = _openErrors.FirstOrDefault(error => error.StartsWith("FuelGauge", StringComparison.Ordinal));
            Func<BatteryReading> read = FuelGauge is { } gauge ? gauge.Read : () => BatteryReading.Failed(failure ?? "the fuel gauge could not be opened");
            var requests = _ports.InMemory ? BatteryGauges.Inline(read) : BatteryGauges.OnThreadPool(read);
            Battery = new BatteryMonitor(loop, requests, _options.FuelGauge, controller.SetCondition, audit);
            Battery.Start();
        }
    }

    /// <summary>Reads the RTC and has the controller check it (at start; the emulator again after changing its chip).</summary>
    public void CheckRtc()
    {
        if (_controller is not { } controller || !_options.Rtc.Enabled)
        {
            return;
        }

        var failure = _openErrors.FirstOrDefault(error => error.StartsWith("Rtc", StringComparison.Ordinal));
        Func<RtcReading> read = Rtc is { } rtc ? rtc.Read : () => RtcReading.Missing(failure ?? "the RTC could not be opened");
        if (_ports.InMemory)
        {
            controller.OnRtcRead(read());
        }
        else
        {
            ThreadPool.QueueUserWorkItem(_ => controller.OnRtcRead(read()));
        }
    }

    public void Dispose()
    {
        Battery?.Stop();
        Gnss?.Dispose();
        if (Gnss is null)
        {
            _gnssStream?.Dispose();
        }

        Rtc?.Dispose();
        FuelGauge?.Dispose();
    }

    private T? Open<T>(string part, Func<T> open)
        where T : class
    {
        try
        {
            return open();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
        {
            _openErrors.Add($"{part}: {exception.Message}");
            return null;
        }
    }
}
