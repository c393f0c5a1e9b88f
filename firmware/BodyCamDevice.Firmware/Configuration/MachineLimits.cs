// Rules that depend on the machine the device runs on, checked when it starts (not by
// `config check`, which may run elsewhere): the pre-record buffer is allocated up front, so a
// Recording.BufferBytes the machine cannot hold would end in the kernel's OOM killer some minutes
// later, once the buffer fills, instead of in a clear error before any pin is opened.
using System.Globalization;

namespace BodyCamDevice.Firmware.Configuration;

public static class MachineLimits
{
    /// <summary>The part of the machine's memory the pre-record buffer may take; the rest is the firmware's, the camera encoder's and the system's.</summary>
    public const double LargestBufferShare = 0.5;

    /// <summary>The memory this process may use, as the runtime sees it: physical memory, or a container's or GC heap limit.</summary>
    public static long AvailableMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    public static IReadOnlyList<ConfigurationError> Validate(DeviceOptions options, long memoryBytes)
    {
        var largest = (long)(memoryBytes * LargestBufferShare);
        if (memoryBytes > 0 && options.Recording.BufferBytes > largest)
        {
            return
            [
                new("Recording.BufferBytes", options.Recording.BufferBytes.ToString(CultureInfo.InvariantCulture),
                    $"is more than half of this machine's memory ({memoryBytes / (1024 * 1024)} MiB): the pre-record buffer is allocated up front; at most {largest}"),
            ];
        }

        return [];
    }
}
