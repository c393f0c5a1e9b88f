// Base of the emulated I2C chips: the register-pointer protocol most register-based chips share
// (a write's first byte selects a register; further bytes, and reads, run through the registers
// from there) and a chip that is not there (every transfer fails as a missing chip's does on
// Linux: an IOException). Subclasses say what a register holds and what a write does.
// Thread-safe: transfers are serialised, as on the bus.
using System.Device.I2c;

namespace BodyCamDevice.Firmware.Hardware.Virtual;

public abstract class VirtualI2cChip(int busId, int address, int registerBytes) : I2cDevice
{
    private readonly I2cConnectionSettings _settings = new(busId, address);
    private int _pointer;
    private volatile bool _present = true;

    protected Lock Sync { get; } = new();

    public override I2cConnectionSettings ConnectionSettings => _settings;

    /// <summary>False: the chip does not answer (not fitted, unpowered, a broken wire).</summary>
    public bool Present
    {
        get => _present;
        set => _present = value;
    }

    public override byte ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override void Read(Span<byte> buffer)
    {
        lock (Sync)
        {
            Acknowledge();
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = ReadRegisterByte(_pointer);
                _pointer = (_pointer + 1) % registerBytes;
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (Sync)
        {
            Acknowledge();
            if (buffer.Length == 0)
            {
                return;
            }

            _pointer = buffer[0] * BytesPerRegister % registerBytes;
            if (buffer.Length > 1)
            {
                WriteRegisterBytes(_pointer, buffer[1..]);
                _pointer = (_pointer + buffer.Length - 1) % registerBytes;
            }
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        lock (Sync)
        {
            Write(writeBuffer);
            Read(readBuffer);
        }
    }

    /// <summary>Width of the registers the pointer byte counts (2 for a chip of 16-bit registers).</summary>
    protected virtual int BytesPerRegister => 1;

    /// <summary>The byte at <paramref name="index"/> of the register space, read now. Under <see cref="Sync"/>.</summary>
    protected abstract byte ReadRegisterByte(int index);

    /// <summary>Bytes written from <paramref name="index"/> on. Under <see cref="Sync"/>.</summary>
    protected abstract void WriteRegisterBytes(int index, ReadOnlySpan<byte> bytes);

    private void Acknowledge()
    {
        if (!_present)
        {
            // What System.Device.I2c reports when a transfer is not acknowledged (EREMOTEIO).
            throw new IOException("Error 121 performing I2C data transfer.");
        }
    }
}
