// An emulated DS3231 real-time clock at 0x68: the seven time registers in BCD (seconds to year,
// century bit in the month register), the control register and the status register with its
// oscillator-stop flag (OSF, bit 7), so Iot.Device.Rtc.Ds3231 and Ds3231Clock run their real
// code over it. While running, the time advances with the TimeProvider; Stop models a chip that
// lost power (OSF set, the time back at its power-on value, 2000-01-01 00:00:00); Corrupt puts
// a month of 0 into the registers, which no date has. Writing the time registers sets the time
// and, as hwclock's driver does when it sets the chip, clears OSF.
using System.Globalization;

using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Hardware.Rtc;

public sealed class VirtualDs3231 : VirtualI2cChip
{
    public const int DefaultAddress = 0x68;
    public static readonly DateTimeOffset PowerOnTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int TimeRegisters = 7;
    private const int StatusRegister = 0x0F;
    private const int RegisterCount = 0x13;

    private readonly TimeProvider _time;
    private readonly byte[] _registers = new byte[RegisterCount];

    // The chip's time is the provider's time plus this; frozen while stopped.
    private TimeSpan _offset;
    private DateTimeOffset? _frozenAt;
    private bool _corrupt;

    /// <summary>A chip that has been set to the provider's current time and runs.</summary>
    public VirtualDs3231(TimeProvider time, int busId = 1, int address = DefaultAddress)
        : base(busId, address, RegisterCount)
    {
        _time = time;
        _registers[0x0E] = 0x1C; // control register's power-on value
    }

    public bool OscillatorStopped
    {
        get
        {
            lock (Sync)
            {
                return (_registers[StatusRegister] & 0x80) != 0;
            }
        }
    }

    /// <summary>The time the chip holds now (UTC).</summary>
    public DateTimeOffset Now
    {
        get
        {
            lock (Sync)
            {
                return CurrentTime();
            }
        }
    }

    /// <summary>Sets the chip's time and starts it (OSF cleared), as hwclock --systohc does.</summary>
    public void SetTime(DateTimeOffset utc)
    {
        lock (Sync)
        {
            _offset = utc - _time.GetUtcNow();
            _frozenAt = null;
            _corrupt = false;
            _registers[StatusRegister] &= 0x7F;
        }
    }

    /// <summary>The chip lost its power: the oscillator stopped and the time is back at its power-on value.</summary>
    public void Stop()
    {
        lock (Sync)
        {
            _frozenAt = PowerOnTime;
            _corrupt = false;
            _registers[StatusRegister] |= 0x80;
        }
    }

    /// <summary>The time registers hold no valid date (month 0).</summary>
    public void Corrupt()
    {
        lock (Sync)
        {
            _corrupt = true;
        }
    }

    protected override byte ReadRegisterByte(int index)
    {
        if (index >= TimeRegisters)
        {
            return _registers[index];
        }

        var time = CurrentTime().UtcDateTime;
        return index switch
        {
            0 => Bcd(time.Second),
            1 => Bcd(time.Minute),
            2 => Bcd(time.Hour),
            3 => Bcd((int)time.DayOfWeek + 1),
            4 => Bcd(time.Day),
            5 => _corrupt ? (byte)0 : (byte)(Bcd(time.Month) | (time.Year >= 2000 ? 0x80 : 0)),
            _ => Bcd(time.Year % 100),
        };
    }

    protected override void WriteRegisterBytes(int index, ReadOnlySpan<byte> bytes)
    {
        if (index == 0 && bytes.Length >= TimeRegisters)
        {
            var century = (bytes[5] & 0x80) != 0 ? 2000 : 1900;
            var written = new DateTimeOffset(century + Dec(bytes[6]), Dec((byte)(bytes[5] & 0x1F)), Dec(bytes[4]), Dec(bytes[2]), Dec(bytes[1]), Dec(bytes[0]), TimeSpan.Zero);
            _offset = written - _time.GetUtcNow();
            _frozenAt = null;
            _corrupt = false;
            _registers[StatusRegister] &= 0x7F;
            return;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var register = (index + i) % RegisterCount;
            if (register >= TimeRegisters)
            {
                _registers[register] = bytes[i];
            }
        }
    }

    public override string ToString() =>
        $"DS3231 {(Present ? "" : "missing ")}{Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}{(OscillatorStopped ? " OSF" : "")}";

    private DateTimeOffset CurrentTime() => _frozenAt ?? _time.GetUtcNow() + _offset;

    private static byte Bcd(int value) => (byte)(((value / 10) << 4) | (value % 10));

    private static int Dec(byte bcd) => (bcd >> 4) * 10 + (bcd & 0x0F);
}
