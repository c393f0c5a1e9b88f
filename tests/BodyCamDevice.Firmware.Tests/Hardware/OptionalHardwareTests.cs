// The factory a device host uses: parts that cannot be opened are reported and degrade as
// hardware.md says for each (RTC: clock alarm; gauge: unreadable, alarm untouched), and the
// GNSS receiver reads the serial stream the port factory returns on its own thread.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Hardware.Gnss;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Firmware.Tests.Hardware;

public class OptionalHardwareTests
{
    [Test]
    public void Parts_that_cannot_be_opened_are_reported_and_the_rtc_counts_as_missing()
    {
        using var test = new TestDevice(options => { options.Rtc.Enabled = true; options.FuelGauge.Enabled = true; }, start: false);
        var ports = new OptionalHardwarePorts((_, _) => throw new IOException("Error 2. Can not open I2C device file '/dev/i2c-1'."), Serial: null, InMemory: true);
        using var parts = new BodyCamDevice.Firmware.Hardware.OptionalHardware(ValidatedDeviceOptions.From(test.Options), ports);
        test.Device.Start();

        parts.Start(test.Device.Controller, test.Device.Loop, test.Device.AuditTrail);
        test.SettleBoot();

        Assert.That(parts.OpenErrors, Is.EqualTo(new[]
        {
            "Rtc: Error 2. Can not open I2C device file '/dev/i2c-1'.",
            "FuelGauge: Error 2. Can not open I2C device file '/dev/i2c-1'.",
        }));
        Assert.That(test.Device.Controller.Status.Alarms, Is.EqualTo(new[] { AlarmKind.ClockNotSet }));
        Assert.That(parts.Battery!.Latest!.Error, Does.Contain("/dev/i2c-1"));
        Assert.That(test.AuditEntries.Count(e => e.Kind == "hardware"), Is.EqualTo(2));
    }

    [Test]
    public void The_receiver_reads_the_serial_stream_from_the_port_factory()
    {
        using var test = new TestDevice(options => options.Gnss.Enabled = true, start: false);
        var sentences = VirtualGnssReceiver.Sentences(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc), new VirtualPosition(47.2852332, 8.565265));
        var opened = new List<(string Port, int Baud)>();
        var ports = new OptionalHardwarePorts(
            (_, _) => throw new InvalidOperationException("no I2C part is enabled"),
            (port, baud) =>
            {
                opened.Add((port, baud));
                return new MemoryStream(System.Text.Encoding.ASCII.GetBytes(string.Join("\r\n", sentences) + "\r\n"));
            });
        using var parts = new BodyCamDevice.Firmware.Hardware.OptionalHardware(ValidatedDeviceOptions.From(test.Options), ports);
        test.Device.Start();

        parts.Start(test.Device.Controller, test.Device.Loop, test.Device.AuditTrail);

        Assert.That(parts.Gnss!.ReadingEnded.Wait(TimeSpan.FromSeconds(10)), Is.True, "the receiver read the stream to its end");
        Assert.That(test.Device.Controller.LatestGnssFix, Is.Not.Null, "its fix went through the loop as it was read");
        Assert.That(test.Device.Controller.LatestGnssFix!.Latitude, Is.EqualTo(47.2852332).Within(2e-7));
        Assert.That(opened, Is.EqualTo(new[] { ("/dev/serial0", 9600) }));
    }
}
