// IRigInputs over the virtual device: a level goes onto the virtual GPIO line, through the
// configured active level, so the firmware's pin adapters see a real edge — exactly what a
// finger on the button or a rig's optocoupler would make. Thread-safe (the driver locks).
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;
using System.Device.Gpio;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class VirtualInputs(VirtualDevice device) : IRigInputs
{
    /// <summary>Raised just before an edge is made, so a trace can print it ahead of the device's reaction.</summary>
    public event Action<DeviceInput, bool>? Setting;

    public event Action<DeviceInput, bool>? Changed;

    public IReadOnlyList<DeviceInput> Inputs { get; } =
        Enum.GetValues<DeviceInput>().Where(input => device.InputOptions(input).Enabled).ToArray();

    public bool IsActive(DeviceInput input)
    {
        var options = device.InputOptions(input);
        return (device.Gpio.LevelOf(options.Pin) == PinValue.High) == (options.ActiveLevel == Firmware.Configuration.ActiveLevel.High);
    }

    public void Set(DeviceInput input, bool active)
    {
        Setting?.Invoke(input, active);
        device.SetInput(input, active);
        Changed?.Invoke(input, active);
    }
}
