// The SNTP packet (RFC 4330): 48 bytes, a client request (version 4, mode 3) carrying the time it
// was sent, and the server's answer checked the way section 5 asks: a server reply (mode 4) of
// the version sent, answering this very request (its originate timestamp is our transmit
// timestamp), a synchronised clock (leap indicator not 3), not a kiss-o'-death (stratum 0), and a
// transmit time that is set. NTP timestamps: seconds since 1900 in 32 bits plus a 32-bit fraction;
// a value with its top bit clear is in the era after 7 February 2036.
using System.Buffers.Binary;
using System.Text;

namespace BodyCamDevice.Firmware.Offload.Sntp;

/// <param name="Receive">T2: when the request reached the server (server clock).</param>
/// <param name="Transmit">T3: when the answer left the server (server clock).</param>
/// <param name="ReferenceId">The server's source (an IP or a 4-letter code such as LOCL).</param>
public sealed record SntpReply(int Stratum, DateTimeOffset Receive, DateTimeOffset Transmit, string ReferenceId);

public static class SntpPacket
{
    public const int Length = 48;
    public const int Version = 4;

    private const int ClientMode = 3;
    private const int ServerMode = 4;

    private static readonly DateTimeOffset Era0 = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Era1 = new(2036, 2, 7, 6, 28, 16, TimeSpan.Zero);

    /// <param name="transmit">T1: the client's clock as it sends.</param>
    public static byte[] Request(DateTimeOffset transmit)
    {
        var packet = new byte[Length];
        packet[0] = (Version << 3) | ClientMode;
        WriteTimestamp(packet.AsSpan(40), transmit);
        return packet;
    }

    /// <param name="sent">The request this should answer.</param>
    /// <exception cref="SntpException">Not a usable answer to that request; the message says why.</exception>
    public static SntpReply Parse(ReadOnlySpan<byte> answer, ReadOnlySpan<byte> sent)
    {
        if (answer.Length < Length)
        {
            throw new SntpException($"an answer of {answer.Length} bytes, not {Length}");
        }

        var leap = answer[0] >> 6;
        var version = (answer[0] >> 3) & 7;
        var mode = answer[0] & 7;
        var stratum = answer[1];
        if (mode != ServerMode)
        {
            throw new SntpException($"mode {mode}, not a server's answer (4)");
        }

        if (version != Version)
        {
            throw new SntpException($"version {version}, not the {Version} asked in");
        }

        if (!answer.Slice(24, 8).SequenceEqual(sent.Slice(40, 8)))
        {
            throw new SntpException("its originate timestamp is not this request's: an answer to another request");
        }

        var reference = answer.Slice(12, 4);
        if (stratum == 0)
        {
            throw new SntpException($"kiss-o'-death {Encoding.ASCII.GetString(reference).TrimEnd('\0')}: the server refuses to serve now");
        }

        if (leap == 3)
        {
            throw new SntpException("the server's clock is not synchronised (leap indicator 3)");
        }

        if (BinaryPrimitives.ReadUInt64BigEndian(answer.Slice(40, 8)) == 0)
        {
            throw new SntpException("the server's transmit timestamp is zero");
        }

        var referenceId = stratum == 1 ? Encoding.ASCII.GetString(reference).TrimEnd('\0') : string.Join('.', reference.ToArray());
        return new SntpReply(stratum, ReadTimestamp(answer.Slice(32, 8)), ReadTimestamp(answer.Slice(40, 8)), referenceId);
    }

    public static void WriteTimestamp(Span<byte> destination, DateTimeOffset time)
    {
        var era = time >= Era1 ? Era1 : Era0;
        var ticks = (time - era).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt64BigEndian(destination, (seconds << 32) | fraction);
    }

    public static DateTimeOffset ReadTimestamp(ReadOnlySpan<byte> source)
    {
        var value = BinaryPrimitives.ReadUInt64BigEndian(source);
        var seconds = value >> 32;
        var fraction = value & 0xFFFF_FFFF;
        var era = (seconds & 0x8000_0000) != 0 ? Era0 : Era1;
        return era.AddTicks((long)seconds * TimeSpan.TicksPerSecond + (long)(fraction * TimeSpan.TicksPerSecond >> 32));
    }
}

/// <summary>The server did not answer, or not in a way that can be trusted.</summary>
public sealed class SntpException(string message, Exception? inner = null) : Exception(message, inner);
