// Presses, double-presses and holds made of level changes with real timing on the device's
// TimeProvider, as a finger (or a rig's optocoupler) would make them. Whether two presses make a
// double-press is for the firmware to decide. One gesture per input at a time: a second request
// for the same input waits for the first to finish, so edges never interleave.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.ControlApi.Rig;

public sealed class RigFinger(IRigInputs inputs, TimeProvider time)
{
    public static readonly TimeSpan DefaultPress = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultGap = TimeSpan.FromMilliseconds(150);

    /// <summary>3 s hold to stop, plus a margin a hand always adds.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromMilliseconds(3250);

    private readonly Dictionary<DeviceInput, SemaphoreSlim> _busy = Enum.GetValues<DeviceInput>().ToDictionary(input => input, _ => new SemaphoreSlim(1, 1));

    /// <summary>Active for <paramref name="down"/>, then inactive; released even when cancelled.</summary>
    public async Task PressAsync(DeviceInput input, TimeSpan down, CancellationToken cancellationToken)
    {
        var busy = _busy[input];
        await busy.WaitAsync(cancellationToken);
        try
        {
            await DownUpAsync(input, down, cancellationToken);
        }
        finally
        {
            busy.Release();
        }
    }

    public async Task DoublePressAsync(DeviceInput input, TimeSpan down, TimeSpan gap, CancellationToken cancellationToken)
    {
        var busy = _busy[input];
        await busy.WaitAsync(cancellationToken);
        try
        {
            await DownUpAsync(input, down, cancellationToken);
            await Task.Delay(gap, time, cancellationToken);
            await DownUpAsync(input, down, cancellationToken);
        }
        finally
        {
            busy.Release();
        }
    }

    private async Task DownUpAsync(DeviceInput input, TimeSpan down, CancellationToken cancellationToken)
    {
        inputs.Set(input, true);
        try
        {
            await Task.Delay(down, time, cancellationToken);
        }
        finally
        {
            inputs.Set(input, false);
        }
    }
}
