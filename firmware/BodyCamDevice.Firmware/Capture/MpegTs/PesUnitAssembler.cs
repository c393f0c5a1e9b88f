// Collects the packets of one elementary stream's current PES packet (one access unit) and what
// is known about it, until the splitter hands the unit to the sink. Used on the pushing thread only.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal sealed class PesUnitAssembler
{
    private readonly TimestampUnwrapper _clock;
    private readonly int _maxUnitBytes;

    // Packets of the open unit. A unit that lies whole and contiguous in the chunk being pushed
    // is not copied at all: only its range is kept (_chunkStart.._chunkEnd) and the sink reads it
    // straight from the chunk. The range is copied into _buffer when the unit goes on past the
    // chunk or another PID's packet interrupts it. Grows by doubling and is never shrunk, so once
    // the largest unit has been seen no more memory is allocated.
    private byte[] _buffer;
    private int _bufferedLength;
    private int _chunkStart = -1;
    private int _chunkEnd;

    private int _lastContinuityCounter = -1;
    private H264NalScanner _nalScanner;
    private AccessUnitFlags _flags;
    private long _pts;
    private long _dts;

    public PesUnitAssembler(
        ElementaryStreamKind kind, TimestampUnwrapper clock, int initialCapacity, int maxUnitBytes)
    {
        Kind = kind;
        _clock = clock;
        _maxUnitBytes = maxUnitBytes;
        _buffer = new byte[Math.Min(initialCapacity, maxUnitBytes)];
    }

    public ElementaryStreamKind Kind { get; }

    public int Pid { get; private set; } = PsiParser.NoPid;

    public bool IsOpen { get; private set; }

    // Order in which units were opened across streams, so Flush emits them in stream order.
    public long OpenedAt { get; private set; }

    public long ContinuityErrors { get; private set; }

    // Packets dropped before the first PES start (joined mid-unit) and repeated packets.
    public long DiscardedPackets { get; private set; }

    private int PacketBytes => _chunkStart >= 0 ? _chunkEnd - _chunkStart : _bufferedLength;

    public void Attach(int pid)
    {
        Close();
        Pid = pid;
        _lastContinuityCounter = -1;
    }

    // False for a repeated packet (same counter, allowed once by the standard), which the caller
    // drops. A jump is counted and flags the open unit, which is the one missing packets.
    public bool CheckContinuity(in TsPacketHeader header)
    {
        // The counter only advances on packets with payload.
        if (!header.HasPayload)
        {
            return true;
        }

        int previous = _lastContinuityCounter;
        _lastContinuityCounter = header.ContinuityCounter;
        if (previous < 0 || header.Discontinuity || header.ContinuityCounter == ((previous + 1) & 0x0F))
        {
            return true;
        }

        if (header.ContinuityCounter == previous)
        {
            DiscardedPackets++;
            return false;
        }

        ContinuityErrors++;
        if (IsOpen)
        {
            _flags |= AccessUnitFlags.ContinuityError;
        }

        return true;
    }

    // source holds the packet at offset. sourceIsChunk: source is the chunk being pushed, which
    // stays valid until ReleaseChunk; otherwise it is scratch memory and the packet is copied now.
    public void Accept(ReadOnlySpan<byte> source, int offset, bool sourceIsChunk, in TsPacketHeader header, long openOrder)
    {
        ReadOnlySpan<byte> packet = source.Slice(offset, TsPacket.Size);
        if (header.PayloadUnitStart)
        {
            Open(packet, header, openOrder);
        }
        else if (!IsOpen)
        {
            DiscardedPackets++;
            return;
        }
        else if (Kind == ElementaryStreamKind.Video && header.HasPayload && !_nalScanner.SawFirstSlice)
        {
            _nalScanner.Scan(packet[header.PayloadOffset..]);
        }

        if (header.Discontinuity)
        {
            _flags |= AccessUnitFlags.Discontinuity;
        }

        Append(source, offset, sourceIsChunk);
    }

    public void MarkSyncLoss()
    {
        if (IsOpen)
        {
            _flags |= AccessUnitFlags.SyncLoss;
        }
    }

    public AccessUnitInfo Describe(long sequence)
    {
        AccessUnitFlags flags = _flags;
        if (Kind == ElementaryStreamKind.Audio)
        {
            flags |= AccessUnitFlags.Keyframe;
        }
        else
        {
            if (_nalScanner.SawIdrSlice)
            {
                flags |= AccessUnitFlags.Keyframe;
            }

            if (_nalScanner.SawSps)
            {
                flags |= AccessUnitFlags.ParameterSets;
            }
        }

        return new AccessUnitInfo(sequence, Kind, Pid, _pts, _dts, flags, PacketBytes / TsPacket.Size);
    }

    // chunk: the chunk being pushed, which holds the unit's packets when they were not copied.
    public ReadOnlySpan<byte> GetPackets(ReadOnlySpan<byte> chunk) =>
        _chunkStart >= 0 ? chunk[_chunkStart.._chunkEnd] : _buffer.AsSpan(0, _bufferedLength);

    public void Close()
    {
        IsOpen = false;
        _bufferedLength = 0;
        _chunkStart = -1;
    }

    // Called before the pushed chunk goes out of scope.
    public void ReleaseChunk(ReadOnlySpan<byte> chunk)
    {
        if (_chunkStart >= 0)
        {
            CopyChunkRangeToBuffer(chunk);
        }
    }

    private void Open(ReadOnlySpan<byte> packet, in TsPacketHeader header, long openOrder)
    {
        IsOpen = true;
        OpenedAt = openOrder;
        _bufferedLength = 0;
        _chunkStart = -1;
        _flags = header.RandomAccess ? AccessUnitFlags.RandomAccess : AccessUnitFlags.None;
        _nalScanner.Reset();

        ReadOnlySpan<byte> payload = packet[header.PayloadOffset..];
        if (!PesHeader.TryParse(payload, out PesHeader pes) || !pes.HasPts)
        {
            _flags |= AccessUnitFlags.NoTimestamp;
            _pts = 0;
            _dts = 0;
            return;
        }

        _pts = _clock.Unwrap(pes.Pts);
        _dts = pes.HasDts ? _clock.Unwrap(pes.Dts) : _pts;
        if (Kind == ElementaryStreamKind.Video)
        {
            _nalScanner.Scan(payload[pes.HeaderLength..]);
        }
    }

    private void Append(ReadOnlySpan<byte> source, int offset, bool sourceIsChunk)
    {
        if (PacketBytes + TsPacket.Size > _maxUnitBytes)
        {
            _flags |= AccessUnitFlags.Truncated;
            return;
        }

        if (sourceIsChunk)
        {
            if (_chunkStart < 0 && _bufferedLength == 0)
            {
                _chunkStart = offset;
                _chunkEnd = offset + TsPacket.Size;
                return;
            }

            if (_chunkStart >= 0 && _chunkEnd == offset)
            {
                _chunkEnd += TsPacket.Size;
                return;
            }

            if (_chunkStart >= 0)
            {
                CopyChunkRangeToBuffer(source);
            }
        }

        EnsureCapacity(_bufferedLength + TsPacket.Size);
        source.Slice(offset, TsPacket.Size).CopyTo(_buffer.AsSpan(_bufferedLength));
        _bufferedLength += TsPacket.Size;
    }

    private void CopyChunkRangeToBuffer(ReadOnlySpan<byte> chunk)
    {
        int length = _chunkEnd - _chunkStart;
        EnsureCapacity(length);
        chunk[_chunkStart.._chunkEnd].CopyTo(_buffer);
        _bufferedLength = length;
        _chunkStart = -1;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        int capacity = Math.Min(Math.Max(needed, _buffer.Length * 2), _maxUnitBytes);
        var larger = new byte[capacity];
        _buffer.AsSpan(0, _bufferedLength).CopyTo(larger);
        _buffer = larger;
    }
}
