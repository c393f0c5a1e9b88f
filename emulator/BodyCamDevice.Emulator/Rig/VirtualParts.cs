// The emulator's optional parts: a DS3231 and an INA219 emulated at register level on a virtual
// I2C bus (Ports, handed to the device assembly, whose OptionalHardware opens them as on a Pi) and
// a virtual NMEA receiver feeding the firmware's decoder, so the RTC check, the battery monitor and
// the GNSS decoder that run here are the device's. The emulated camera carries all three: Fit
// switches their sections on in the configuration it runs (their other settings are kept),
// except a part whose bus lines the configuration gives to a pin.
// Threads: the setters may be called from any thread; the chips lock, and readings are posted
// into the device loop by the firmware.
// Ownership: owns the chips and the receiver; the OptionalHardware is the assembly's.
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Battery;
using BodyCamDevice.Firmware.Hardware.Battery;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Rtc;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class VirtualParts : IDisposable
{
    private readonly VoltageCurve _curve;
    private OptionalHardware? _hardware;
    private VirtualGnssReceiver? _gnss;

    public VirtualParts(DeviceOptions options, TimeProvider time)
    {
        Time = time;
        _curve = new VoltageCurve(options.FuelGauge.VoltageCurve);
        Rtc = new VirtualDs3231(time, options.Rtc.I2cBus, options.Rtc.Address);
        Gauge = new VirtualIna219(options.FuelGauge.I2cBus, options.FuelGauge.Address) { BusVolts = _curve.VoltsAt(100) };
        Ports = new OptionalHardwarePorts(
            (bus, address) => bus == options.Rtc.I2cBus && address == options.Rtc.Address ? Rtc : Gauge,
            Serial: null,
            InMemory: true);
    }

    public TimeProvider Time { get; }
    public VirtualDs3231 Rtc { get; }
    public VirtualIna219 Gauge { get; }

    /// <summary>The chips' bus, for the device assembly; in memory, so a reading lands at once (virtual time).</summary>
    public OptionalHardwarePorts Ports { get; }

    /// <summary>The virtual receiver once started; null when Gnss is off.</summary>
    public VirtualGnssReceiver? Gnss => _gnss;

    public BatteryMonitor? Battery => _hardware?.Battery;

    /// <summary>Switches on every optional part the configuration leaves off and can take; returns the notes.</summary>
    public static IReadOnlyList<string> Fit(DeviceOptions options)
    {
        var notes = new List<string>();
        foreach (var (name, enable, disable) in new (string, Action, Action)[]
        {
            ("RTC", () => options.Rtc.Enabled = true, () => options.Rtc.Enabled = false),
            ("GNSS receiver", () => options.Gnss.Enabled = true, () => options.Gnss.Enabled = false),
            ("fuel gauge", () => options.FuelGauge.Enabled = true, () => options.FuelGauge.Enabled = false),
        })
        {
            var before = DeviceOptionsValidator.Validate(options).Count;
            enable();
            if (DeviceOptionsValidator.Validate(options).Count > before)
            {
                disable();
                notes.Add($"no virtual {name}: the configuration uses its bus lines");
            }
        }

        return notes;
    }

    /// <summary>Once the assembly has started <paramref name="hardware"/> (RTC checked, gauge polled): the receiver talks once a second.</summary>
    public void Connect(OptionalHardware hardware)
    {
        _hardware = hardware;
        if (hardware.Gnss is { } receiver)
        {
            _gnss = new VirtualGnssReceiver(Time, receiver.Feed);
            _gnss.Start();
        }
    }

    /// <summary>The battery holds this charge: the gauge's voltage is the curve's for it, read at once.</summary>
    public void SetBatteryPercent(int percent)
    {
        Gauge.BusVolts = _curve.VoltsAt(percent);
        Battery?.ReadNow();
    }

    public void SetGnss(VirtualPosition? position, bool silent) => _gnss?.SetPosition(position, silent);

    public void SetRtc(RtcChipState state, DateTimeOffset? utc)
    {
        Rtc.Present = state != RtcChipState.Missing;
        switch (state)
        {
            case RtcChipState.Running:
                Rtc.SetTime(utc ?? Time.GetUtcNow());
                break;
            case RtcChipState.Stopped:
                Rtc.Stop();
                break;
            case RtcChipState.Corrupt:
                Rtc.Corrupt();
                break;
        }

        _hardware?.CheckRtc();
    }

    public void Dispose() => _gnss?.Dispose();
}
