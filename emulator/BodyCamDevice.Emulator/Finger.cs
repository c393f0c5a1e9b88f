// A finger on the device: presses buttons, docks and pulses the trigger as real pin edges with
// real timing through VirtualDevice.SetInput. It knows nothing of gestures; whether two presses
// make a double-press or a long one a hold is for the firmware to decide, as on the device.
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator;

internal sealed class Finger(VirtualDevice device, TimeProvider time)
{
    /// <summary>How long a quick press keeps the button down.</summary>
    public static readonly TimeSpan PressLength = TimeSpan.FromMilliseconds(100);

    /// <summary>Button up between the two presses of a double-press.</summary>
    public static readonly TimeSpan DoublePressGap = TimeSpan.FromMilliseconds(150);

    /// <summary>A hold is kept down this much longer than the configured hold time.</summary>
    public static readonly TimeSpan HoldMargin = TimeSpan.FromMilliseconds(250);

    private bool _docked;

    /// <summary>Raised just before each edge is made (input, active), so a trace can show it ahead of the device's reaction.</summary>
    public event Action<DeviceInput, bool>? Edge;

    public bool Docked => _docked;

    /// <summary>Down for <paramref name="length"/>, then up; the button is released even when cancelled.</summary>
    public async Task PressAsync(DeviceInput input, TimeSpan length, CancellationToken cancellationToken)
    {
        Set(input, true);
        try
        {
            await Task.Delay(length, time, cancellationToken);
        }
        finally
        {
            Set(input, false);
        }
    }

    public Task TapAsync(DeviceInput input, CancellationToken cancellationToken) => PressAsync(input, PressLength, cancellationToken);

    public async Task DoublePressAsync(DeviceInput input, CancellationToken cancellationToken)
    {
        await TapAsync(input, cancellationToken);
        await Task.Delay(DoublePressGap, time, cancellationToken);
        await TapAsync(input, cancellationToken);
    }

    /// <summary>Keeps the button down a little longer than <paramref name="holdTime"/>.</summary>
    public Task HoldAsync(DeviceInput input, TimeSpan holdTime, CancellationToken cancellationToken) =>
        PressAsync(input, holdTime + HoldMargin, cancellationToken);

    /// <summary>Puts the device into its dock or takes it out.</summary>
    public void ToggleDock()
    {
        _docked = !_docked;
        Set(DeviceInput.DockDetect, _docked);
    }

    /// <summary>What a light bar or holster sensor sends: the trigger line active briefly.</summary>
    public Task PulseTriggerAsync(CancellationToken cancellationToken) => PressAsync(DeviceInput.ExternalTrigger, PressLength, cancellationToken);

    private void Set(DeviceInput input, bool active)
    {
        Edge?.Invoke(input, active);
        device.SetInput(input, active);
    }
}
