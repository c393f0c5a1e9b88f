// A TestDevice with the optional parts fitted as emulated chips: a DS3231 and an INA219 on a
// virtual I2C bus and a virtual NMEA receiver, opened by the firmware's own OptionalHardware
// (in-memory ports, so readings land at the virtual instant they were asked for).
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Hardware.Battery;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Rtc;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Firmware.Tests.Hardware;

internal sealed class OptionalPartsDevice : IDisposable
{
    public OptionalPartsDevice(Action<DeviceOptions>? configure = null, Action<VirtualDs3231>? beforeBoot = null, DateTimeOffset? now = null)
    {
        Test = new TestDevice(options =>
        {
            options.Rtc.Enabled = true;
            options.Gnss.Enabled = true;
            options.FuelGauge.Enabled = true;
            configure?.Invoke(options);
        }, start: false, now: now);
        Rtc = new VirtualDs3231(Test.Time);
        beforeBoot?.Invoke(Rtc);
        Gauge = new VirtualIna219 { BusVolts = 4.0 };
        var ports = new OptionalHardwarePorts(
            (bus, address) => address == VirtualDs3231.DefaultAddress ? Rtc : address == VirtualIna219.DefaultAddress ? Gauge : new MissingChip(bus, address),
            Serial: null,
            InMemory: true);
        Parts = new BodyCamDevice.Firmware.Hardware.OptionalHardware(ValidatedDeviceOptions.From(Test.Options), ports);
        Test.Device.Start();
        Parts.Start(Test.Device.Controller, Test.Device.Loop, Test.Device.AuditTrail);
        Gnss = new VirtualGnssReceiver(Test.Time, line => Parts.Gnss!.Feed(line));
        Gnss.Start();
        Test.SettleBoot();
    }

    public TestDevice Test { get; }
    public VirtualDs3231 Rtc { get; }
    public VirtualIna219 Gauge { get; }
    public VirtualGnssReceiver Gnss { get; }
    public BodyCamDevice.Firmware.Hardware.OptionalHardware Parts { get; }

    public IReadOnlyList<AlarmKind> Alarms => Test.Device.Controller.Status.Alarms;

    public void Dispose()
    {
        Gnss.Dispose();
        Parts.Dispose();
        Test.Dispose();
    }

    private sealed class MissingChip(int bus, int address) : VirtualI2cChip(bus, address, 1)
    {
        protected override byte ReadRegisterByte(int index) => throw new IOException("Error 121 performing I2C data transfer.");

        protected override void WriteRegisterBytes(int index, ReadOnlySpan<byte> bytes) => throw new IOException("Error 121 performing I2C data transfer.");
    }
}
