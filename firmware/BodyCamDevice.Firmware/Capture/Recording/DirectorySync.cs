// fsync of a directory, so that a file just created or renamed in it survives a power cut (the
// entry lives in the directory, not in the file). .NET cannot open a directory as a stream, hence
// the two libc calls. Elsewhere than Linux it does nothing: the device runs Linux, and the other
// systems the code is built on (developer machines) do not need the guarantee.
using System.Runtime.InteropServices;

namespace BodyCamDevice.Firmware.Capture.Recording;

internal static class DirectorySync
{
    private const int ReadOnly = 0;

    // O_DIRECTORY is not the same number everywhere: 0200000 on x86 and x64 (and the generic
    // value), 040000 on ARM, where 0200000 is O_DIRECT, which a directory refuses with EINVAL.
    private static readonly int Directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int descriptor = Open(directory, ReadOnly | Directory);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (FileSync(descriptor) != 0)
            {
                throw new IOException($"fsync of {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    // DllImport rather than LibraryImport: the generated marshalling would need unsafe code
    // enabled for the whole project, for three calls taking an int or a path.
    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FileSync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
