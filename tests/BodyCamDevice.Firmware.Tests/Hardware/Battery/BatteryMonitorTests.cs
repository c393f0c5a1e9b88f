// The battery monitor on a real DeviceEventLoop over FakeTimeProvider: it polls the gauge every
// PollInterval, raises LowBattery below the threshold and clears it only at the higher one, and
// keeps the alarm as it is while the gauge cannot be read. Also the INA219 read through the real
// Iot.Device.Adc binding over an emulated chip, and the curve both ways.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Battery;
using BodyCamDevice.Firmware.Hardware.Battery;
using BodyCamDevice.Firmware.Hardware.Virtual;
using Microsoft.Extensions.Time.Testing;

namespace BodyCamDevice.Firmware.Tests.Hardware.Battery;

public class BatteryMonitorTests
{
    private FakeTimeProvider _time = null!;
    private DeviceEventLoop _loop = null!;
    private MemoryAuditSink _audit = null!;
    private readonly List<(AlarmKind Kind, bool Active)> _alarms = [];
    private readonly Queue<BatteryReading> _script = new();
    private int _requests;
    private BatteryMonitor _monitor = null!;

    [SetUp]
    public void CreateMonitor()
    {
        _time = new FakeTimeProvider(TestDevice.Epoch);
        _loop = new DeviceEventLoop(_time);
        _audit = new MemoryAuditSink();
        _alarms.Clear();
        _script.Clear();
        _requests = 0;
        var gauge = BatteryGauges.Inline(() =>
        {
            _requests++;
            return _script.Count > 0 ? _script.Dequeue() : BatteryReading.Of(80, 4.0);
        });
        _monitor = new BatteryMonitor(_loop, gauge, new FuelGaugeOptions { Enabled = true }, (kind, active) => _alarms.Add((kind, active)), new AuditTrail(_time, _audit));
    }

    [Test]
    public void It_reads_at_start_and_then_every_poll_interval()
    {
        _monitor.Start();
        Assert.That(_requests, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(_requests, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(_requests, Is.EqualTo(2));
        // FakeTimeProvider fires a timer once per Advance: step poll by poll.
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.That(_requests, Is.EqualTo(12));
        Assert.That(_monitor.Latest, Is.EqualTo(BatteryReading.Of(80, 4.0)));
    }

    [Test]
    public void Low_below_15_percent_cleared_only_at_20_percent()
    {
        _monitor.Start();
        Feed(16, 15, 14.9, 14, 17, 19.9, 16, 20, 19, 15, 14.5);

        Assert.That(_alarms, Is.EqualTo(new[]
        {
            (AlarmKind.LowBattery, true),   // 14.9
            (AlarmKind.LowBattery, false),  // 20
            (AlarmKind.LowBattery, true),   // 14.5
        }));
        Assert.That(_audit.Entries.Where(e => e.Kind == "battery").Select(e => e.Details["result"]), Is.EqualTo(new[] { "low", "recovered", "low" }));
    }

    [Test]
    public void An_unreadable_gauge_leaves_the_alarm_as_it_is_and_is_audited_once()
    {
        _monitor.Start();
        Feed(10);
        _script.Enqueue(BatteryReading.Failed("Error 121 performing I2C data transfer."));
        _script.Enqueue(BatteryReading.Failed("Error 121 performing I2C data transfer."));
        _time.Advance(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.That(_monitor.Low, Is.True);
        Assert.That(_alarms, Is.EqualTo(new[] { (AlarmKind.LowBattery, true) }));
        Assert.That(_audit.Entries.Count(e => e.Kind == "battery" && e.Details["result"] == "gauge unreadable"), Is.EqualTo(1));
        Assert.That(_monitor.Latest!.Error, Does.Contain("121"));

        Feed(50);
        Assert.That(_alarms[^1], Is.EqualTo((AlarmKind.LowBattery, false)));
        Assert.That(_audit.Entries.Count(e => e.Kind == "battery" && e.Details["result"] == "gauge readable again"), Is.EqualTo(1));
    }

    [Test]
    public void A_reading_asked_for_now_lands_at_once_and_the_schedule_goes_on()
    {
        _monitor.Start();
        _time.Advance(TimeSpan.FromSeconds(10));
        _script.Enqueue(BatteryReading.Of(5, 3.4));

        _monitor.ReadNow();

        Assert.That(_alarms, Is.EqualTo(new[] { (AlarmKind.LowBattery, true) }));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.That(_requests, Is.EqualTo(3));
    }

    [Test]
    public void A_stopped_monitor_reads_no_more()
    {
        _monitor.Start();
        _monitor.Stop();
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(_requests, Is.EqualTo(1));
    }

    [Test]
    public void The_ina219_binding_reads_the_battery_voltage_and_the_curve_turns_it_into_percent()
    {
        using var chip = new VirtualIna219 { BusVolts = 3.82 };
        var gauge = new Ina219FuelGauge(chip, new VoltageCurve(new FuelGaugeOptions().VoltageCurve));

        Assert.That(gauge.Read(), Is.EqualTo(BatteryReading.Of(50, 3.82)));
        chip.BusVolts = 3.71;
        Assert.That(gauge.Read(), Is.EqualTo(BatteryReading.Of(25.3, 3.712)));
        chip.Present = false;
        Assert.That(gauge.Read().Error, Does.Contain("no answer at I2C address 0x40 on bus 1"));
    }

    [Test]
    public void Every_whole_percent_survives_the_round_trip_through_the_emulated_chip()
    {
        var curve = new VoltageCurve(new FuelGaugeOptions().VoltageCurve);
        using var chip = new VirtualIna219();
        var gauge = new Ina219FuelGauge(chip, curve);

        var wrong = Enumerable.Range(0, 101).Where(percent =>
        {
            chip.BusVolts = curve.VoltsAt(percent);
            return Math.Round(gauge.Read().Percent!.Value) != percent;
        }).ToArray();

        Assert.That(wrong, Is.Empty);
    }

    private void Feed(params double[] percents)
    {
        foreach (var percent in percents)
        {
            _script.Enqueue(BatteryReading.Of(percent, 3.7));
            _time.Advance(TimeSpan.FromSeconds(30));
        }
    }
}
