// Lets the camera's reader thread wake about once per two frames rather than once per ffmpeg
// write. ffmpeg flushes every packet (-flush_packets 1) through a 32 KiB I/O buffer, so a 1080p
// frame at 8 Mbit/s (~33 KiB) reaches the socket as two writes, and each audio PES as one more:
// about 85 writes a second. With SO_RCVLOWAT at two frames' share of the stream a read returns
// only once that much has arrived, about 15 times a second. SO_RCVTIMEO bounds the wait at two
// frame intervals, so a stream thinner than its configured bitrate (a still scene) is never held
// back for longer than that; the splitter closes a frame only when the next one starts anyway.
// Each wake-up is a system call and a context switch, which dominate the reader's CPU time
// (`./dev bench device-cpu`; on this development VM every system call is costly).
//
// Linux only (FFMpegCore's output pipe is a unix domain socket there); elsewhere, or for streams
// too thin to benefit, the pipe is read as it is.
using System.IO.Pipes;
using System.Net.Sockets;

namespace BodyCamDevice.Firmware.Capture.Camera;

/// <param name="Bytes">SO_RCVLOWAT: bytes a read waits for; 0 = not worth setting.</param>
/// <param name="MaximumWait">SO_RCVTIMEO: the longest a read waits for them.</param>
internal readonly record struct ReceiveLowWaterMark(int Bytes, TimeSpan MaximumWait);

internal static class ReceiveLowWater
{
    // Two frames of 1080p30 at 8 Mbit/s; the socket's receive buffer (~208 KiB) holds three times that.
    private const int MaximumBytes = 64 * 1024;

    // Below this the wake-ups are few anyway (a thin stream writes small frames rarely).
    private const int MinimumBytes = 2 * 1024;

    private const int FramesPerRead = 2;

    public static ReceiveLowWaterMark For(CameraOptions options)
    {
        int bytes = (int)Math.Min(MaximumBytes, EncoderArguments.BytesPerFrame(options) * FramesPerRead);
        var wait = TimeSpan.FromSeconds((double)FramesPerRead / Math.Max(1, options.FrameRate));
        return new(bytes >= MinimumBytes ? bytes : 0, wait);
    }

    /// <summary>
    /// Sets the mark on the socket behind an FFMpegCore pipe and returns a view of that socket to
    /// read through (it never closes the descriptor: the pipe owns it); null when it cannot.
    /// </summary>
    public static Socket? TryApply(Stream pipe, ReceiveLowWaterMark mark)
    {
        if (mark.Bytes <= 0 || !OperatingSystem.IsLinux() || pipe is not PipeStream { SafePipeHandle: { IsInvalid: false } handle })
        {
            return null;
        }

        Socket? socket = null;
        try
        {
            socket = new Socket(new SafeSocketHandle(handle.DangerousGetHandle(), ownsHandle: false));
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, mark.Bytes);
            socket.ReceiveTimeout = Math.Max(1, (int)mark.MaximumWait.TotalMilliseconds);
            return socket;
        }
        catch (Exception exception) when (exception is SocketException or PlatformNotSupportedException or InvalidOperationException)
        {
            socket?.Dispose();
            return null;
        }
    }

    /// <summary>
    /// One blocking read: the bytes read, 0 when the wait ran out with nothing new, -1 when the
    /// writer closed the pipe or it failed.
    /// </summary>
    public static int Receive(Socket socket, Span<byte> buffer)
    {
        int read = socket.Receive(buffer, SocketFlags.None, out SocketError error);
        return error switch
        {
            SocketError.Success => read == 0 ? -1 : read,
            SocketError.WouldBlock or SocketError.TimedOut => read,
            _ => -1,
        };
    }
}
