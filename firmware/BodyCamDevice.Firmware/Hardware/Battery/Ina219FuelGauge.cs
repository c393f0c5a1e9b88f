// Estimates the battery's charge with an INA219 (Iot.Device.Adc.Ina219) wired on the battery's
// positive lead: the chip's bus voltage is the battery voltage, which the discharge curve
// (FuelGauge.VoltageCurve) turns into a percentage. A voltage estimate, not coulomb counting: it
// reads low under heavy load and recovers when the load drops; the monitor's hysteresis is
// there for that. The chip's power-on defaults (32 V range, 12-bit, continuous) are used as they
// are: nothing is written to it, so the shunt and calibration wiring does not matter here.
// Threads: Read does blocking I2C transfers; call it off the device loop.
// Ownership: the I2cDevice is the gauge's and is disposed with it.
using System.Device.I2c;
using BodyCamDevice.Firmware.Core.Battery;
using Iot.Device.Adc;

namespace BodyCamDevice.Firmware.Hardware.Battery;

public sealed class Ina219FuelGauge : IDisposable
{
    private readonly I2cDevice _device;
    private readonly Ina219 _ina219;
    private readonly VoltageCurve _curve;

    public Ina219FuelGauge(I2cDevice device, VoltageCurve curve)
    {
        _device = device;
        _ina219 = new Ina219(device);
        _curve = curve;
    }

    public BatteryReading Read()
    {
        try
        {
            var volts = _ina219.ReadBusVoltage().Volts;
            return BatteryReading.Of(Math.Round(_curve.PercentAt(volts), 1), Math.Round(volts, 3));
        }
        catch (IOException exception)
        {
            return BatteryReading.Failed($"no answer at I2C address 0x{_device.ConnectionSettings.DeviceAddress:X2} on bus {_device.ConnectionSettings.BusId}: {exception.Message}");
        }
    }

    public void Dispose()
    {
        // The binding does not dispose a device it was handed.
        _ina219.Dispose();
        _device.Dispose();
    }
}
