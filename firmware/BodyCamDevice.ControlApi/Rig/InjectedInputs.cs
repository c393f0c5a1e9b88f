// IRigInputs for a device in rig mode: levels are injected into the controller as if they came
// from the pins (they are debounced the same way). The physical pins keep working beside them.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.ControlApi.Rig;

public sealed class InjectedInputs(DeviceController controller, IReadOnlyList<DeviceInput> inputs) : IRigInputs
{
    private readonly Lock _lock = new();
    private readonly Dictionary<DeviceInput, bool> _levels = new();

    public event Action<DeviceInput, bool>? Changed;

    public IReadOnlyList<DeviceInput> Inputs => inputs;

    public bool IsActive(DeviceInput input)
    {
        lock (_lock)
        {
            return _levels.GetValueOrDefault(input);
        }
    }

    public void Set(DeviceInput input, bool active)
    {
        lock (_lock)
        {
            _levels[input] = active;
        }

        controller.OnInput(input, active);
        Changed?.Invoke(input, active);
    }
}
