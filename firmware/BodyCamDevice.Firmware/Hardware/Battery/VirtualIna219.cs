// An emulated INA219 at 0x40: the six 16-bit big-endian registers, with the bus voltage register
// holding the voltage a test or the emulator's battery slider sets (4 mV per bit from bit 3 up,
// the conversion-ready bit set), so Iot.Device.Adc.Ina219 and Ina219FuelGauge run their real
// code over it. The other registers keep what is written to them (configuration's power-on
// value 0x399F).
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Hardware.Battery;

public sealed class VirtualIna219 : VirtualI2cChip
{
    public const int DefaultAddress = 0x40;

    private const int BusVoltageRegister = 2;
    private readonly ushort[] _registers = [0x399F, 0, 0, 0, 0, 0];
    private double _busVolts;

    public VirtualIna219(int busId = 1, int address = DefaultAddress)
        : base(busId, address, 12)
    {
    }

    /// <summary>The voltage at the chip's VIN- (the battery's), volts, 0 to 32.</summary>
    public double BusVolts
    {
        get
        {
            lock (Sync)
            {
                return _busVolts;
            }
        }

        set
        {
            lock (Sync)
            {
                _busVolts = Math.Clamp(value, 0, 32);
            }
        }
    }

    protected override int BytesPerRegister => 2;

    protected override byte ReadRegisterByte(int index)
    {
        var value = index / 2 == BusVoltageRegister ? BusVoltageWord() : _registers[index / 2];
        return index % 2 == 0 ? (byte)(value >> 8) : (byte)value;
    }

    protected override void WriteRegisterBytes(int index, ReadOnlySpan<byte> bytes)
    {
        var register = index / 2;
        if (bytes.Length >= 2 && register != BusVoltageRegister)
        {
            _registers[register] = (ushort)((bytes[0] << 8) | bytes[1]);
        }
    }

    private ushort BusVoltageWord() => (ushort)(((int)Math.Round(_busVolts / 0.004) << 3) | 0x02);
}
