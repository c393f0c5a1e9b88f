// Lets the camera's reader thread wake once per frame rather than once per ffmpeg write. ffmpeg
// flushes every packet (-flush_packets 1) through a 32 KiB I/O buffer, so a 1080p frame at
// 8 Mbit/s (~33 KiB) reaches the socket as two writes, and audio PES as more: about 85 wake-ups a
// second. With SO_RCVLOWAT at half a frame's bytes a read returns only once that much has
// arrived (or the stream ended), about 30 a second, and nothing is delayed by more than a frame
// interval: the splitter closes a frame only when the next one's first packet arrives anyway.
// Each wake-up is a system call and a context switch, which dominate the reader's CPU time.
//
// Linux only (FFMpegCore's output pipe is a unix domain socket there); elsewhere, or for streams
// too thin to benefit, nothing is changed.
using System.IO.Pipes;
using System.Net.Sockets;

namespace BodyCamDevice.Firmware.Capture.Camera;

internal static class ReceiveLowWater
{
    // Above this a frame's tail could wait behind a small next frame for longer than it should.
    private const int MaximumBytes = 16 * 1024;

    // Below this the wake-ups are few anyway (a thin stream writes small frames rarely).
    private const int MinimumBytes = 2 * 1024;

    // Half of one frame's share of the stream, in bytes, capped; 0 when not worth setting.
    public static int For(CameraOptions options)
    {
        long perFrame = options.BitrateKbps * 1000L / 8 / Math.Max(1, options.FrameRate);
        int bytes = (int)Math.Min(MaximumBytes, perFrame / 2);
        return bytes >= MinimumBytes ? bytes : 0;
    }

    // Sets the low-water mark on the socket behind an FFMpegCore pipe; false when it cannot.
    public static bool TryApply(Stream pipe, int bytes)
    {
        if (bytes <= 0 || !OperatingSystem.IsLinux() || pipe is not PipeStream { SafePipeHandle: { IsInvalid: false } handle })
        {
            return false;
        }

        try
        {
            // A view of the pipe's socket that does not own (and so never closes) the descriptor.
            using var socket = new Socket(new SafeSocketHandle(handle.DangerousGetHandle(), ownsHandle: false));
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, bytes);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or PlatformNotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }
}
