// An NTP server on 127.0.0.1 at a free unprivileged port: Debian's chronyd serving its local
// clock (stratum 8), with control of the system clock disabled (-x), so tests can ask a real
// server without touching the machine's time. Stopped and its folder deleted on dispose.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BodyCamDevice.DevServices;

public sealed class ChronyServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private ChronyServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    public static async Task<ChronyServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bodycam-chrony-").FullName;
        var port = FreeUdpPort();
        var configuration = Path.Combine(directory, "chrony.conf");
        await File.WriteAllTextAsync(configuration, $"""
            port {port}
            bindaddress 127.0.0.1
            allow 127.0.0.1
            local stratum 8
            cmdport 0
            pidfile {directory}/chronyd.pid
            driftfile {directory}/drift
            """);
        var chronyd = File.Exists("/usr/sbin/chronyd") ? "/usr/sbin/chronyd" : "chronyd";
        var info = new ProcessStartInfo(chronyd) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", configuration, "-d", "-x", "-u", Environment.UserName })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ChronyServer(process, directory, port);
        if (!await server.AnswersAsync(TimeSpan.FromSeconds(20)))
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"chronyd did not answer on 127.0.0.1:{port}");
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    // A bare client request (version 4, mode 3) until a server answer (mode 4) comes back.
    private async Task<bool> AnswersAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var client = new UdpClient(AddressFamily.InterNetwork);
        var request = new byte[48];
        request[0] = (4 << 3) | 3;
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            await client.SendAsync(request, EndPoint);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                var answer = await client.ReceiveAsync(wait.Token);
                if (answer.Buffer.Length >= 48 && (answer.Buffer[0] & 7) == 4)
                {
                    return true;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return false;
    }
}
