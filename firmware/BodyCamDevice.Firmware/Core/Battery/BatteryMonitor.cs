// Reads the fuel gauge every FuelGauge.PollInterval and owns the low-battery alarm: raised when
// the charge falls below LowBatteryBelowPercent, cleared only once it is back at or above
// LowBatteryClearedAtPercent, so a charge hovering at the threshold (a voltage estimate sags
// under load) does not switch the alarm on and off. A gauge that cannot be read changes nothing
// about the alarm; the failure is audited once, and again when readings come back.
//
// Threads: the work runs on the device loop; polls are scheduled on the loop's TimeProvider and
// the gauge delivers from whatever thread it reads on, so each reading is posted to the loop.
// Start, ReadNow and Stop may be called from any thread. Latest is safe to read from any thread.
using System.Globalization;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Audit;

namespace BodyCamDevice.Firmware.Core.Battery;

public sealed class BatteryMonitor
{
    private readonly DeviceEventLoop _loop;
    private readonly IBatteryGauge _gauge;
    private readonly FuelGaugeOptions _options;
    private readonly Action<AlarmKind, bool> _setCondition;
    private readonly AuditTrail? _audit;
    private IScheduledWork? _nextPoll;
    private bool _running;
    private bool _low;
    private bool _failing;
    private volatile BatteryReading? _latest;

    /// <param name="setCondition">Raises or clears an alarm; on a device <c>controller.SetCondition</c>.</param>
    /// <param name="audit">Where low-battery changes and gauge failures are logged; null for none.</param>
    public BatteryMonitor(DeviceEventLoop loop, IBatteryGauge gauge, FuelGaugeOptions options, Action<AlarmKind, bool> setCondition, AuditTrail? audit = null)
    {
        _loop = loop;
        _gauge = gauge;
        _options = options;
        _setCondition = setCondition;
        _audit = audit;
    }

    /// <summary>Raised on the loop after every reading.</summary>
    public event Action<BatteryReading>? Read;

    /// <summary>The newest reading (failed ones included); null before the first.</summary>
    public BatteryReading? Latest => _latest;

    /// <summary>Whether the monitor has the low-battery alarm raised.</summary>
    public bool Low => _low;

    /// <summary>Reads now and then every poll interval.</summary>
    public void Start() => _loop.Post(() =>
    {
        if (_running)
        {
            return;
        }

        _running = true;
        Poll();
    });

    /// <summary>An extra reading now (the emulator's battery slider moved); the schedule goes on.</summary>
    public void ReadNow() => _loop.Post(() =>
    {
        if (_running)
        {
            _gauge.Request(Deliver);
        }
    });

    public void Stop() => _loop.Post(() =>
    {
        _running = false;
        _nextPoll?.Cancel();
        _nextPoll = null;
    });

    private void Poll()
    {
        if (!_running)
        {
            return;
        }

        _nextPoll = _loop.ScheduleAfter(_options.PollInterval, Poll);
        _gauge.Request(Deliver);
    }

    private void Deliver(BatteryReading reading) => _loop.Post(() => OnReading(reading));

    private void OnReading(BatteryReading reading)
    {
        if (!_running)
        {
            return;
        }

        _latest = reading;
        if (reading.Percent is not { } percent)
        {
            if (!_failing)
            {
                _failing = true;
                _audit?.Record("battery", ("result", "gauge unreadable"), ("detail", reading.Error ?? ""));
            }

            Read?.Invoke(reading);
            return;
        }

        if (_failing)
        {
            _failing = false;
            _audit?.Record("battery", ("result", "gauge readable again"), ("percent", Format(percent)));
        }

        if (!_low && percent < _options.LowBatteryBelowPercent)
        {
            _low = true;
            _audit?.Record("battery", ("result", "low"), ("percent", Format(percent)), ("volts", Format(reading.Volts)));
            _setCondition(AlarmKind.LowBattery, true);
        }
        else if (_low && percent >= _options.LowBatteryClearedAtPercent)
        {
            _low = false;
            _audit?.Record("battery", ("result", "recovered"), ("percent", Format(percent)), ("volts", Format(reading.Volts)));
            _setCondition(AlarmKind.LowBattery, false);
        }

        Read?.Invoke(reading);
    }

    private static string Format(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}
