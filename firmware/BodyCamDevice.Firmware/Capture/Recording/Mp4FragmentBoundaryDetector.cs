// First stage of the chain: reads the top-level MP4 box headers going past in the muxer's byte
// stream and tells the stages after it where the init segment (ftyp + moov) and each fragment
// (moof + mdat) end, without buffering or changing a byte. A chunk from the pipe that holds a
// boundary is passed on in two writes, split exactly there.
//
// Box layout (ISO/IEC 14496-12, 4.2): a 32-bit big-endian size including the header, a four-char
// type, and a 64-bit size after the type when the 32-bit size is 1. Size 0 means "to the end of
// the file", which a fragmented stream never uses before its last box; no boundary follows it.
using System.Buffers.Binary;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class Mp4FragmentBoundaryDetector : IRecordingStage
{
    private const uint Moov = 0x6D6F6F76;
    private const uint Moof = 0x6D6F6F66;
    private const uint Mdat = 0x6D646174;

    private readonly IRecordingStage _next;

    // The header of the box being entered, which a pipe read may cut anywhere.
    private readonly byte[] _header = new byte[16];
    private int _headerLength;

    // Bytes of the current box still to come after its header; -1 while reading a header.
    private long _remaining = -1;
    private uint _type;
    private bool _fragmentOpen;

    // Set when a header makes no sense; from then on bytes pass through without boundaries and
    // only CompleteAsync makes the tail durable.
    private bool _lostTrack;

    public Mp4FragmentBoundaryDetector(IRecordingStage next)
    {
        _next = next;
    }

    public long InitSegments { get; private set; }

    public long Fragments { get; private set; }

    public bool LostTrack => _lostTrack;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        int passedOn = 0;
        int position = 0;
        while (position < data.Length && !_lostTrack)
        {
            if (_remaining < 0)
            {
                position += ReadHeader(data.Span[position..]);
            }
            else
            {
                int take = (int)Math.Min(_remaining, data.Length - position);
                position += take;
                _remaining -= take;
            }

            if (_remaining == 0 && BoxEnded() is { } segment)
            {
                await _next.WriteAsync(data[passedOn..position], cancellationToken).ConfigureAwait(false);
                passedOn = position;
                await _next.FragmentCompleteAsync(segment, cancellationToken).ConfigureAwait(false);
            }

            if (_remaining == 0)
            {
                _remaining = -1;
            }
        }

        if (passedOn < data.Length)
        {
            await _next.WriteAsync(data[passedOn..], cancellationToken).ConfigureAwait(false);
        }
    }

    // Boundaries come from the byte stream itself; one announced from upstream adds nothing.
    public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default) => _next.CompleteAsync(cancellationToken);

    // Returns how many bytes of data went into the header. Once the header is whole, _remaining
    // holds the body length (0 for an empty box).
    private int ReadHeader(ReadOnlySpan<byte> data)
    {
        int needed = _headerLength < 8 ? 8 : 16;
        int take = Math.Min(needed - _headerLength, data.Length);
        data[..take].CopyTo(_header.AsSpan(_headerLength));
        _headerLength += take;
        if (_headerLength < needed)
        {
            return take;
        }

        uint size = BinaryPrimitives.ReadUInt32BigEndian(_header);
        _type = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        if (size == 1 && needed == 8)
        {
            // A 64-bit size follows the type: read 8 more header bytes first.
            return take + ReadHeader(data[take..]);
        }

        long boxSize = size == 1 ? (long)BinaryPrimitives.ReadUInt64BigEndian(_header.AsSpan(8)) : size;
        _headerLength = 0;
        if (size == 0)
        {
            _remaining = long.MaxValue;
        }
        else if (boxSize < needed)
        {
            _lostTrack = true;
        }
        else
        {
            _remaining = boxSize - needed;
        }

        return take;
    }

    private Mp4Segment? BoxEnded()
    {
        switch (_type)
        {
            case Moov:
                InitSegments++;
                return Mp4Segment.Init;
            case Moof:
                _fragmentOpen = true;
                return null;
            case Mdat when _fragmentOpen:
                _fragmentOpen = false;
                Fragments++;
                return Mp4Segment.Fragment;
            default:
                return null;
        }
    }
}
