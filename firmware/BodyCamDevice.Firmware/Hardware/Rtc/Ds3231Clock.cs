// Reads a DS3231 real-time clock through Iot.Device.Rtc.Ds3231: its time (kept in UTC, as
// hwclock keeps it on Linux) and its oscillator-stopped flag (bit 7 of the status register,
// 0x0F), which the chip sets whenever its oscillator stopped (first power-up, backup cell flat)
// and which stays set until the time is written again. Only reads: setting the chip is hwclock's
// job, and the kernel's driver may hold it too.
// Threads: Read does blocking I2C transfers; call it off the device loop.
// Ownership: the I2cDevice is the clock's and is disposed with it.
using System.Device.I2c;
using BodyCamDevice.Firmware.Core.Clock;
using Iot.Device.Rtc;

namespace BodyCamDevice.Firmware.Hardware.Rtc;

public sealed class Ds3231Clock : IDisposable
{
    /// <summary>DS3231 control/status register; bit 7 is OSF (oscillator stop flag).</summary>
    public const byte StatusRegister = 0x0F;
    public const byte OscillatorStopFlag = 0x80;

    private readonly I2cDevice _device;
    private readonly Ds3231 _rtc;

    public Ds3231Clock(I2cDevice device)
    {
        _device = device;
        _rtc = new Ds3231(device) { LocalTimeZone = TimeZoneInfo.Utc };
    }

    public RtcReading Read()
    {
        try
        {
            Span<byte> status = stackalloc byte[1];
            _device.WriteRead([StatusRegister], status);
            var time = _rtc.RtcDateTime;
            return RtcReading.Read(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)), (status[0] & OscillatorStopFlag) != 0);
        }
        catch (IOException exception)
        {
            return RtcReading.Missing($"no answer at I2C address 0x{_device.ConnectionSettings.DeviceAddress:X2} on bus {_device.ConnectionSettings.BusId}: {exception.Message}");
        }
        catch (ArgumentOutOfRangeException exception)
        {
            // The binding builds a DateTime from the BCD registers; garbage makes no date.
            return RtcReading.Unreadable($"the time registers hold no valid date ({exception.Message.Split(Environment.NewLine)[0]})");
        }
    }

    public void Dispose() => _rtc.Dispose();
}
