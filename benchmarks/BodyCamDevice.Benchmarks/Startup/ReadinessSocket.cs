// The benches' stand-in for systemd: a unix datagram socket bound in a temporary directory and
// passed to bodycam as NOTIFY_SOCKET, on which the device announces READY=1 once it is Buffering.
using System.Net.Sockets;
using System.Text;

namespace BodyCamDevice.Benchmarks.Startup;

internal sealed class ReadinessSocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    // Binds `directory`/notify; a wait gives up after `timeout`.
    public ReadinessSocket(string directory, TimeSpan timeout)
    {
        Path = System.IO.Path.Combine(directory, "notify");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
    }

    // The value for NOTIFY_SOCKET.
    public string Path { get; }

    // True once READY=1 has arrived; false when nothing came within the timeout.
    public bool WaitForReady()
    {
        var buffer = new byte[1024];
        while (true)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                return false;
            }

            if (Encoding.UTF8.GetString(buffer, 0, length).Split('\n').Contains("READY=1"))
            {
                return true;
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
