// The short names inputs have on the wire ("record", "function", "dock", "trigger"); the enum
// names ("RecordButton", ...) are accepted too, in any case.
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.ControlApi.Rig;

public static class RigInputNames
{
    public static string Name(DeviceInput input) => input switch
    {
        DeviceInput.RecordButton => "record",
        DeviceInput.FunctionButton => "function",
        DeviceInput.DockDetect => "dock",
        DeviceInput.ExternalTrigger => "trigger",
        _ => input.ToString(),
    };

    public static bool TryParse(string? text, out DeviceInput input)
    {
        foreach (var candidate in Enum.GetValues<DeviceInput>())
        {
            if (string.Equals(text, Name(candidate), StringComparison.OrdinalIgnoreCase) || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                input = candidate;
                return true;
            }
        }

        input = default;
        return false;
    }
}
