// The DS3231 read through the real Iot.Device.Rtc binding over an emulated chip, and what the
// controller makes of it: a valid chip whose time the system clock agrees with sounds nothing;
// a missing, stopped, corrupt or never-set chip, or a system clock that was not set from it,
// raises the clock alarm (5 quick beeps).
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Clock;
using BodyCamDevice.Firmware.Hardware.Rtc;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Hardware.Rtc;

public class RtcCheckTests
{
    [Test]
    public void The_binding_reads_the_emulated_registers()
    {
        var time = new SteppingTimeProvider(new DateTimeOffset(2026, 7, 31, 23, 59, 58, TimeSpan.Zero));
        using var chip = new VirtualDs3231(time);
        using var clock = new Ds3231Clock(chip);

        var first = clock.Read();
        time.Step(TimeSpan.FromSeconds(3));
        var second = clock.Read();

        Assert.That(first, Is.EqualTo(RtcReading.Read(new DateTimeOffset(2026, 7, 31, 23, 59, 58, TimeSpan.Zero), false)));
        Assert.That(second.Time, Is.EqualTo(new DateTimeOffset(2026, 8, 1, 0, 0, 1, TimeSpan.Zero)));
    }

    [Test]
    public void A_valid_rtc_that_agrees_with_the_system_clock_raises_nothing()
    {
        using var device = new OptionalPartsDevice();

        Assert.That(device.Alarms, Does.Not.Contain(AlarmKind.ClockNotSet));
        Assert.That(device.Test.Device.Controller.Rtc!.Verdict.Valid, Is.True);
        Assert.That(device.Test.AuditEntries.Single(e => e.Kind == "rtc").Details["result"], Is.EqualTo("valid"));
    }

    [TestCase("missing", "does not answer")]
    [TestCase("stopped", "oscillator stopped")]
    [TestCase("corrupt", "holds no valid time")]
    [TestCase("never set", "before Clock.EarliestValidTime")]
    [TestCase("far from the system clock", "was not set from the RTC")]
    public void A_bad_rtc_raises_the_clock_alarm(string condition, string detail)
    {
        using var device = new OptionalPartsDevice(beforeBoot: chip =>
        {
            switch (condition)
            {
                case "missing": chip.Present = false; break;
                case "stopped": chip.Stop(); break;
                case "corrupt": chip.Corrupt(); break;
                case "never set": chip.SetTime(new DateTimeOffset(2019, 5, 1, 12, 0, 0, TimeSpan.Zero)); break;
                default: chip.SetTime(TestDevice.Epoch.AddMinutes(-3)); break;
            }
        });

        Assert.That(device.Alarms, Does.Contain(AlarmKind.ClockNotSet));
        var rtc = device.Test.AuditEntries.Single(e => e.Kind == "rtc");
        Assert.That(rtc.Details["result"], Is.EqualTo("invalid"));
        Assert.That(rtc.Details["detail"], Does.Contain(detail));
    }

    [Test]
    public void The_clock_alarm_sounds_five_quick_beeps_every_twenty_seconds()
    {
        using var device = new OptionalPartsDevice(beforeBoot: chip => chip.Stop());
        device.Test.ClearTraces();

        device.Test.Advance(TimeSpan.FromSeconds(40));

        // Raised at boot; repeats at 20 s and 40 s after it, less the second of settling.
        Assert.That(device.Test.ToneStarts(), Is.EqualTo(10));
    }

    [Test]
    public void A_later_check_of_a_valid_rtc_ends_the_alarm()
    {
        using var device = new OptionalPartsDevice(beforeBoot: chip => chip.Stop());
        Assert.That(device.Alarms, Does.Contain(AlarmKind.ClockNotSet));

        device.Rtc.SetTime(device.Test.Time.GetUtcNow());
        device.Parts.CheckRtc();

        Assert.That(device.Alarms, Does.Not.Contain(AlarmKind.ClockNotSet));
    }

    [Test]
    public void Without_an_rtc_the_system_clock_check_alone_decides()
    {
        using var early = new TestDevice(now: new DateTimeOffset(2019, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var set = new TestDevice();

        Assert.That(early.Device.Controller.Status.Alarms, Does.Contain(AlarmKind.ClockNotSet));
        Assert.That(set.Device.Controller.Status.Alarms, Is.Empty);
        Assert.That(set.Device.Controller.Rtc, Is.Null);
    }
}
