// Writes ISO base media file format boxes (ISO/IEC 14496-12, 4.2) into one growing byte buffer:
// big-endian fields, and box sizes patched in when a box is ended, so nested boxes are written
// front to back without measuring them first. The buffer is kept between uses (Reset) and only
// grows, so once the largest header has been written no more memory is allocated.
//
// Not thread-safe: owned by the muxer of one clip, used on its writer task.
using System.Buffers.Binary;
using System.Text;

namespace BodyCamDevice.Firmware.Capture.Recording.Mp4;

internal sealed class Mp4BoxWriter
{
    private byte[] _buffer;

    public Mp4BoxWriter(int initialCapacity = 4096)
    {
        _buffer = new byte[initialCapacity];
    }

    // Bytes written since the last Reset.
    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Length);

    public void Reset() => Length = 0;

    // Starts a box; returns its offset, which End needs to patch the size.
    public int Begin(string type)
    {
        int start = Length;
        UInt32(0);
        FourCc(type);
        return start;
    }

    // A full box: a box with a version byte and 24 bits of flags after its header.
    public int BeginFull(string type, byte version, int flags)
    {
        int start = Begin(type);
        UInt8(version);
        UInt24(flags);
        return start;
    }

    public void End(int start) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start), checked((uint)(Length - start)));

    // Reserves a 32-bit field to be filled in later with Patch (a data offset, say).
    public int Reserve32()
    {
        int at = Length;
        UInt32(0);
        return at;
    }

    public void Patch(int at, int value) => BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(at), value);

    public void UInt8(int value) => Take(1)[0] = (byte)value;

    public void UInt16(int value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), (ushort)value);

    public void UInt24(int value)
    {
        Span<byte> span = Take(3);
        span[0] = (byte)(value >> 16);
        span[1] = (byte)(value >> 8);
        span[2] = (byte)value;
    }

    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void Int32(int value) => BinaryPrimitives.WriteInt32BigEndian(Take(4), value);

    public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

    public void Int64(long value) => BinaryPrimitives.WriteInt64BigEndian(Take(8), value);

    public void Zeros(int count) => Take(count).Clear();

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    public void FourCc(string code)
    {
        if (code.Length != 4)
        {
            throw new ArgumentException($"a box type has four characters, not \"{code}\"", nameof(code));
        }

        Encoding.ASCII.GetBytes(code, Take(4));
    }

    // The identity matrix of tkhd and mvhd (16.16 and 2.30 fixed point).
    public void UnityMatrix()
    {
        ReadOnlySpan<uint> matrix = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
        foreach (uint value in matrix)
        {
            UInt32(value);
        }
    }

    private Span<byte> Take(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        Span<byte> span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
