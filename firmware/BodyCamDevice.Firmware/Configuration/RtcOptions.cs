// The optional DS3231 real-time clock on I2C. Off by default. The firmware only reads it: at
// boot it checks that the chip answers, that its oscillator never stopped and that it holds a
// plausible time (not before Clock.EarliestValidTime), and that the system clock agrees with
// it. Setting the system clock from the chip is the kernel's job (dtoverlay=i2c-rtc,ds3231 and
// hwclock; see hardware.md).
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
}
