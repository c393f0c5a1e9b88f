// The optional DS3231 real-time clock on I2C. Off by default. At boot the firmware reads it
// (Enabled): it checks that the chip answers, that its oscillator never stopped and that it
// holds a plausible time (not before Clock.EarliestValidTime), and that the system clock agrees
// with it. Setting the system clock from the chip is the kernel's job (dtoverlay=i2c-rtc,ds3231
// and hwclock; see hardware.md). The other way round, when the dock has set the system clock
// from the evidence store's time, the firmware sets the RTC through the kernel's device for it
// (KernelDevice), as hwclock --systohc would.
namespace BodyCamDevice.Firmware.Configuration;

public sealed class RtcOptions
{
    public bool Enabled { get; set; }

    /// <summary>Linux I2C bus number (/dev/i2c-N); 1 is the header's GPIO 2/3 on every Pi since the B+.</summary>
    public int I2cBus { get; set; } = 1;

    /// <summary>7-bit I2C address; the DS3231's is fixed at 0x68 (104).</summary>
    public int Address { get; set; } = 0x68;

    /// <summary>
    /// How far the system clock may be from a valid RTC before the clock alarm sounds: more means
    /// the clock the footage is stamped with was not set from the RTC.
    /// </summary>
    public TimeSpan MaxSystemClockDifference { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The kernel's device for the fitted RTC (/dev/rtcN; the overlay above makes /dev/rtc0, and a
    /// Pi 5's own RTC is /dev/rtc0), set after the dock set the system clock; empty (the default):
    /// no RTC is fitted and none is set. Independent of <see cref="Enabled"/>, the firmware's own read.
    /// </summary>
    public string KernelDevice { get; set; } = "";
}
