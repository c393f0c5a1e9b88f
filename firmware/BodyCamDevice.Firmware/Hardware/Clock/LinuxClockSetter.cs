// The kernel's wall clock, set with clock_settime(CLOCK_REALTIME). The firmware runs without root:
// the service needs CAP_SYS_TIME (AmbientCapabilities=CAP_SYS_TIME in its unit) for this to be
// allowed; without it the kernel answers EPERM and the camera keeps its clock, saying so.
using System.Runtime.InteropServices;

namespace BodyCamDevice.Firmware.Hardware.Clock;

public sealed class LinuxClockSetter : IClockSetter
{
    private const int ClockRealtime = 0;
    private const int NotPermitted = 1; // EPERM

    public bool TrySet(DateTimeOffset utc, out string? problem)
    {
        var ticks = utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var time = new Timespec { Seconds = (nint)(ticks / TimeSpan.TicksPerSecond), Nanoseconds = (nint)(ticks % TimeSpan.TicksPerSecond * 100) };
        if (ClockSetTime(ClockRealtime, ref time) == 0)
        {
            problem = null;
            return true;
        }

        var error = Marshal.GetLastPInvokeError();
        problem = error == NotPermitted
            ? "not permitted: the service lacks CAP_SYS_TIME"
            : $"clock_settime failed with errno {error}";
        return false;
    }

    // struct timespec: time_t and long, both the platform's word on Linux (arm64, x64).
    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code.
    [DllImport("libc", EntryPoint = "clock_settime", SetLastError = true)]
    private static extern int ClockSetTime(int clockId, ref Timespec time);
}
