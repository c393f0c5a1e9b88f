// The kernel RTC adapter: the struct rtc_time it hands the kernel (struct tm's fields: month from
// 0, year since 1900, rounded to the nearest whole second, which is all the chip holds), and its
// answers where it cannot set anything, as on this machine: no such device, and a device that is
// not an RTC (the kernel refuses the ioctl). Both are problems to audit, never exceptions.
// (Setting a real /dev/rtcN needs CAP_SYS_TIME and the hardware; the dock's use of it is tested
// with a fake in the dock clock tests.)
using BodyCamDevice.Firmware.Hardware.Rtc;

namespace BodyCamDevice.Firmware.Tests.Hardware.Rtc;

public class LinuxRtcSetterTests
{
    [Test]
    public void The_time_is_struct_tm_in_utc_rounded_to_the_second()
    {
        var time = LinuxRtcSetter.ToRtcTime(new DateTimeOffset(2026, 12, 31, 23, 59, 59, 600, TimeSpan.Zero));

        // 23:59:59.6 rounds into the next year.
        Assert.That((time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second), Is.EqualTo((127, 0, 1, 0, 0, 0)));
        Assert.That((time.WeekDay, time.YearDay, time.DaylightSaving), Is.EqualTo(((int)DayOfWeek.Friday, 0, 0)));
    }

    [Test]
    public void A_time_with_an_offset_is_set_as_utc_and_rounds_down_below_half_a_second()
    {
        var time = LinuxRtcSetter.ToRtcTime(new DateTimeOffset(2026, 3, 1, 10, 30, 15, 499, TimeSpan.FromHours(2)));

        Assert.That((time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second), Is.EqualTo((126, 2, 1, 8, 30, 15)));
        Assert.That(time.YearDay, Is.EqualTo(59), "1 March of a common year is its 60th day");
    }

    [Test]
    public void A_device_that_does_not_exist_is_a_problem_naming_it()
    {
        var setter = new LinuxRtcSetter("/dev/rtc97");

        Assert.That(setter.TrySet(DateTimeOffset.UtcNow, out var problem), Is.False);
        Assert.That(problem, Does.Contain("/dev/rtc97 does not exist"));
        Assert.That(setter.Name, Is.EqualTo("/dev/rtc97"));
    }

    [Test]
    public void A_device_that_is_not_an_rtc_refuses_the_ioctl()
    {
        var setter = new LinuxRtcSetter("/dev/null");

        Assert.That(setter.TrySet(DateTimeOffset.UtcNow, out var problem), Is.False);
        Assert.That(problem, Does.StartWith("RTC_SET_TIME on /dev/null failed with errno 25"), "ENOTTY: not a device this ioctl is for");
    }
}
