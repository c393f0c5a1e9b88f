// FFMpegCore's pipes are System.IO.Pipes streams, which on Linux are unix domain sockets. A few
// socket-level facts help the firmware (how much is waiting to be read; when a read should wake
// up), and a Socket view over the pipe's descriptor reaches them without taking it over.
using System.IO.Pipes;
using System.Net.Sockets;

namespace BodyCamDevice.Firmware.Capture;

internal static class PipeSockets
{
    // A Socket over the pipe's descriptor that never closes it (dispose the view, not the pipe);
    // null where the stream is not a socket-backed pipe (other systems, test streams).
    public static Socket? TryView(Stream stream)
    {
        if (!OperatingSystem.IsLinux() || stream is not PipeStream { SafePipeHandle: { IsInvalid: false, IsClosed: false } handle })
        {
            return null;
        }

        try
        {
            return new Socket(new SafeSocketHandle(handle.DangerousGetHandle(), ownsHandle: false));
        }
        catch (Exception exception) when (exception is SocketException or PlatformNotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }

    // Bytes waiting in the socket (FIONREAD); null when that cannot be asked.
    public static int? Available(Socket? view)
    {
        if (view is null)
        {
            return null;
        }

        try
        {
            return view.Available;
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return null;
        }
    }
}
