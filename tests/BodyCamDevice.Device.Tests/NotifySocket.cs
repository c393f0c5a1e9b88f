// A service manager's notification socket for one test: a unix datagram socket bound in a
// temporary directory, whose path goes to the child as NOTIFY_SOCKET, as systemd does. Receives
// the sd_notify messages (READY=1, WATCHDOG=1, STOPPING=1) with the time each arrived.
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace BodyCamDevice.Device.Tests;

internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket;
    private readonly string _directory;
    private readonly List<(TimeSpan At, string Message)> _messages = new();
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _reader;

    public NotifySocket()
    {
        _directory = Directory.CreateTempSubdirectory("bodycam-notify-").FullName;
        Path = System.IO.Path.Combine(_directory, "notify");
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _reader = new Thread(Read) { IsBackground = true, Name = "notify socket" };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Messages so far with the time since the socket was bound, oldest first.</summary>
    public IReadOnlyList<(TimeSpan At, string Message)> Messages
    {
        get
        {
            lock (_lock)
            {
                return _messages.ToArray();
            }
        }
    }

    public TimeSpan Now => _clock.Elapsed;

    public int Count(string message) => Messages.Count(m => m.Message == message);

    /// <summary>Waits until <paramref name="message"/> has arrived <paramref name="times"/> times; returns when the last one did.</summary>
    public TimeSpan WaitFor(string message, TimeSpan timeout, int times = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var seen = Messages.Where(m => m.Message == message).ToArray();
            if (seen.Length >= times)
            {
                return seen[times - 1].At;
            }

            Thread.Sleep(10);
        }

        Assert.Fail($"'{message}' x{times} not received within {timeout.TotalSeconds} s; received: {string.Join(", ", Messages.Select(m => m.Message))}");
        return default;
    }

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Join(TimeSpan.FromSeconds(2));
        Directory.Delete(_directory, recursive: true);
    }

    private void Read()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = _socket.Receive(buffer);
                var received = Encoding.UTF8.GetString(buffer, 0, length);
                lock (_lock)
                {
                    foreach (var message in received.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        _messages.Add((_clock.Elapsed, message));
                    }
                }
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Closed at the end of the test.
        }
    }
}
