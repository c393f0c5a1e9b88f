// How a rig drives the device's inputs. On the emulator a level goes onto the virtual GPIO line
// (VirtualGpioDriver.SetInput), so the firmware sees a real edge; on a device in rig mode it is
// injected into DeviceController.OnInput, beside the physical pins.
// Threading: implementations are thread-safe; Changed runs on the thread that set the level.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.ControlApi.Rig;

public interface IRigInputs
{
    /// <summary>The inputs this device has (disabled ones are left out).</summary>
    IReadOnlyList<DeviceInput> Inputs { get; }

    /// <summary>The logical level: true = pressed, docked, triggered.</summary>
    bool IsActive(DeviceInput input);

    void Set(DeviceInput input, bool active);

    /// <summary>Raised after a level was set through this rig (input, active).</summary>
    event Action<DeviceInput, bool>? Changed;
}
