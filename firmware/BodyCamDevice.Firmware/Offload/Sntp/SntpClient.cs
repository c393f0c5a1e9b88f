// Asks an NTP server for the time over UDP (RFC 4330), as the camera does at the dock when the
// connection file names the store as its time source: one request to the store's host, the
// answer checked (SntpPacket) and turned into offset and delay (SntpMeasurement). Both local
// timestamps come from the TimeProvider, the device's clock: the measurement is how wrong that
// clock is. The wait is bounded by a timeout on the same TimeProvider.
using System.Net;
using System.Net.Sockets;

namespace BodyCamDevice.Firmware.Offload.Sntp;

public sealed class SntpClient(TimeProvider time)
{
    public const int DefaultPort = 123;

    /// <summary>Resolves <paramref name="host"/> and asks its first address.</summary>
    public async Task<SntpMeasurement> QueryAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException exception)
        {
            throw new SntpException($"{host}: cannot resolve ({exception.Message})", exception);
        }

        if (addresses.Length == 0)
        {
            throw new SntpException($"{host}: no address");
        }

        return await QueryAsync(new IPEndPoint(addresses[0], port), timeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task<SntpMeasurement> QueryAsync(IPEndPoint server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var buffer = new byte[SntpPacket.Length * 2];
        try
        {
            await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
            var t1 = time.GetUtcNow();
            var request = SntpPacket.Request(t1);
            await socket.SendAsync(request, SocketFlags.None, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, SocketFlags.None, linked.Token).ConfigureAwait(false);
                var t4 = time.GetUtcNow();
                SntpReply reply;
                try
                {
                    reply = SntpPacket.Parse(buffer.AsSpan(0, received), request);
                }
                catch (SntpException) when (received >= SntpPacket.Length && !buffer.AsSpan(24, 8).SequenceEqual(request.AsSpan(40, 8)))
                {
                    continue; // a stray or late answer to an earlier request: wait for ours
                }

                // T1 carries whole NTP fractions; the server echoes exactly what was sent.
                return SntpMeasurement.Compute(SntpPacket.ReadTimestamp(request.AsSpan(40, 8)), reply, t4);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SntpException($"{server}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException exception)
        {
            throw new SntpException($"{server}: {exception.Message}", exception);
        }
    }
}
