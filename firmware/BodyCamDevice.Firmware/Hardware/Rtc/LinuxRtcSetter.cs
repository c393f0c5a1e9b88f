// Sets a real-time clock through the kernel's RTC driver, as hwclock --systohc does: opens
// /dev/rtcN and issues RTC_SET_TIME with the time in UTC (hwclock's convention, which
// Ds3231Clock and the kernel's own hctosys expect). The kernel allows it only with CAP_SYS_TIME
// (the unit in docs/device.md grants it for the system clock); without it, or without the
// device, the answer is a problem to audit, never an exception: the dock goes on.
// The chip holds whole seconds: the time is rounded to the nearest, so the RTC is within half a
// second of the system clock when it is set.
// Threads: TrySet blocks for one open and one ioctl; any thread.
using System.Globalization;
using System.Runtime.InteropServices;

namespace BodyCamDevice.Firmware.Hardware.Rtc;

public sealed class LinuxRtcSetter(string device) : IRtcSetter
{
    // _IOW('p', 0x0a, struct rtc_time): direction write (1 << 30), size 36 << 16, type 'p' << 8, number 0x0a.
    private const uint RtcSetTime = 0x4024700A;
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000; // O_CLOEXEC
    private const int NotPermitted = 1; // EPERM
    private const int AccessDenied = 13; // EACCES
    private const int NoSuchFile = 2; // ENOENT

    public string Name => device;

    public bool TrySet(DateTimeOffset utc, out string? problem)
    {
        var time = ToRtcTime(utc);
        int descriptor = Open(device, ReadOnly | CloseOnExec);
        if (descriptor < 0)
        {
            problem = Describe("open", Marshal.GetLastPInvokeError());
            return false;
        }

        try
        {
            if (Ioctl(descriptor, RtcSetTime, ref time) != 0)
            {
                problem = Describe("RTC_SET_TIME", Marshal.GetLastPInvokeError());
                return false;
            }
        }
        finally
        {
            _ = Close(descriptor);
        }

        problem = null;
        return true;
    }

    /// <summary>struct rtc_time for <paramref name="utc"/>, rounded to the nearest second.</summary>
    public static RtcTime ToRtcTime(DateTimeOffset utc)
    {
        var time = new DateTime(utc.UtcTicks, DateTimeKind.Utc).AddTicks(TimeSpan.TicksPerSecond / 2);
        return new RtcTime
        {
            Second = time.Second,
            Minute = time.Minute,
            Hour = time.Hour,
            Day = time.Day,
            Month = time.Month - 1,
            Year = time.Year - 1900,
            WeekDay = (int)time.DayOfWeek,
            YearDay = time.DayOfYear - 1,
            DaylightSaving = 0,
        };
    }

    private string Describe(string call, int error) => error switch
    {
        NoSuchFile => $"{device} does not exist: no RTC driver bound (dtoverlay=i2c-rtc,ds3231?) or Rtc.KernelDevice names the wrong one",
        NotPermitted or AccessDenied => $"not permitted to set {device}: the service lacks CAP_SYS_TIME or access to the device",
        _ => $"{call} on {device} failed with errno {error.ToString(CultureInfo.InvariantCulture)}",
    };

    /// <summary>struct rtc_time of linux/rtc.h: nine ints, as struct tm's first nine (month 0-11, year since 1900).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RtcTime
    {
        public int Second;
        public int Minute;
        public int Hour;
        public int Day;
        public int Month;
        public int Year;
        public int WeekDay;
        public int YearDay;
        public int DaylightSaving;
    }

    // DllImport rather than LibraryImport, as LinuxClockSetter: the generated marshalling would need unsafe code.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int descriptor, nuint request, ref RtcTime time);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
