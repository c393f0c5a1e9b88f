// Splits the MPEG-TS byte stream of the encoder into access units: all packets of one PES packet
// of the H.264 or AAC PID. A unit is complete only when the next one of its stream starts (ffmpeg
// writes video PES packets with length 0), so unit N is emitted when unit N+1 begins, or by Flush.
//
// Not thread-safe: Push, Flush and the counters belong to one thread, normally the one reading the
// encoder's pipe, and the sink is called on it. Steady state allocates nothing; see
// PesUnitAssembler for the buffers and IAccessUnitSink for how long the spans live.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

public sealed class TsAccessUnitSplitter
{
    public const int DefaultMaxUnitBytes = 8 * 1024 * 1024;

    private const int InitialVideoCapacity = 256 * 1024;
    private const int InitialAudioCapacity = 16 * 1024;

    private readonly IAccessUnitSink _sink;
    private readonly PesUnitAssembler _video;
    private readonly PesUnitAssembler _audio;

    // The tail of the previous chunk: the start of a packet (from its sync byte on) that is not yet
    // whole, or a whole one waiting for the byte after it to confirm the sync.
    private readonly byte[] _carry = new byte[TsPacket.Size];
    private int _carryLength;

    private readonly ProgramTables _tables = new();

    private long _nextSequence;
    private long _nextOpenOrder;
    private long _rejectedPackets;

    // maxUnitBytes bounds the memory a damaged stream without unit starts can claim; a unit larger
    // than that is emitted truncated and flagged.
    public TsAccessUnitSplitter(IAccessUnitSink sink, int maxUnitBytes = DefaultMaxUnitBytes)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxUnitBytes, TsPacket.Size);
        _sink = sink;
        var clock = new TimestampUnwrapper();
        _video = new PesUnitAssembler(ElementaryStreamKind.Video, clock, InitialVideoCapacity, maxUnitBytes);
        _audio = new PesUnitAssembler(ElementaryStreamKind.Audio, clock, InitialAudioCapacity, maxUnitBytes);
    }

    // Bytes thrown away while looking for packet sync (garbage, torn packets, a partial packet at
    // the end of the stream).
    public long SkippedBytes { get; private set; }

    public long ContinuityErrors => _video.ContinuityErrors + _audio.ContinuityErrors;

    // Packets with transport_error_indicator or a malformed header, repeated packets, and packets
    // of a stream before its first PES start.
    public long DiscardedPackets => _rejectedPackets + _video.DiscardedPackets + _audio.DiscardedPackets;

    public int VideoPid => _video.Pid;

    public int AudioPid => _audio.Pid;

    // The latest PAT and PMT as received, 188 bytes each; empty until seen. Valid until the next
    // Push or Flush: the bytes are overwritten when the table repeats.
    public ReadOnlySpan<byte> PatPacket => _tables.PatPacket;

    public ReadOnlySpan<byte> PmtPacket => _tables.PmtPacket;

    // chunk: any number of bytes as read from the pipe, cut anywhere. The chunk is only borrowed for
    // the call; what must outlive it is copied.
    public void Push(ReadOnlySpan<byte> chunk)
    {
        int position = 0;
        if (_carryLength > 0)
        {
            position = CompleteCarriedPacket(chunk);
        }

        if (_carryLength == 0)
        {
            position = ProcessWholePackets(chunk, position);
            _video.ReleaseChunk(chunk);
            _audio.ReleaseChunk(chunk);
            chunk[position..].CopyTo(_carry);
            _carryLength = chunk.Length - position;
        }
    }

    // End of stream: takes a final whole packet without the confirming sync byte, drops a partial
    // one, and emits the open units. The splitter can be pushed to again afterwards.
    public void Flush()
    {
        if (_carryLength == TsPacket.Size)
        {
            ProcessPacket(_carry, 0, sourceIsChunk: false, ReadOnlySpan<byte>.Empty);
        }
        else if (_carryLength > 0)
        {
            Skip(_carryLength);
        }

        _carryLength = 0;
        PesUnitAssembler first = _video.OpenedAt <= _audio.OpenedAt ? _video : _audio;
        PesUnitAssembler second = first == _video ? _audio : _video;
        EmitIfOpen(first, ReadOnlySpan<byte>.Empty);
        EmitIfOpen(second, ReadOnlySpan<byte>.Empty);
    }

    // A packet is taken only when the byte after it is a sync byte again. The check costs one
    // compare per packet and keeps a torn packet (bytes lost inside it) out of the units: its
    // 188-byte window then ends off the grid, and the bytes up to the next good sync are skipped.
    private int ProcessWholePackets(ReadOnlySpan<byte> chunk, int position)
    {
        while (position < chunk.Length)
        {
            if (chunk[position] != TsPacket.SyncByte)
            {
                int next = chunk[(position + 1)..].IndexOf(TsPacket.SyncByte);
                int skipped = next < 0 ? chunk.Length - position : next + 1;
                Skip(skipped);
                position += skipped;
                continue;
            }

            if (chunk.Length - position <= TsPacket.Size)
            {
                break;
            }

            if (chunk[position + TsPacket.Size] != TsPacket.SyncByte)
            {
                Skip(1);
                position++;
                continue;
            }

            ProcessPacket(chunk, position, sourceIsChunk: true, chunk);
            position += TsPacket.Size;
        }

        return position;
    }

    // Returns how much of chunk was used. The carried bytes always start with a sync byte.
    private int CompleteCarriedPacket(ReadOnlySpan<byte> chunk)
    {
        int position = 0;
        while (_carryLength > 0)
        {
            int take = Math.Min(TsPacket.Size - _carryLength, chunk.Length - position);
            chunk.Slice(position, take).CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            position += take;
            if (_carryLength < TsPacket.Size || position == chunk.Length)
            {
                return position;
            }

            if (chunk[position] == TsPacket.SyncByte)
            {
                ProcessPacket(_carry, 0, sourceIsChunk: false, chunk);
                _carryLength = 0;
                return position;
            }

            // False sync: look for the next candidate among the carried bytes.
            int next = _carry.AsSpan(1).IndexOf(TsPacket.SyncByte);
            int skipped = next < 0 ? TsPacket.Size : next + 1;
            Skip(skipped);
            _carry.AsSpan(skipped).CopyTo(_carry);
            _carryLength = TsPacket.Size - skipped;
        }

        return position;
    }

    private void ProcessPacket(ReadOnlySpan<byte> source, int offset, bool sourceIsChunk, ReadOnlySpan<byte> chunk)
    {
        ReadOnlySpan<byte> packet = source.Slice(offset, TsPacket.Size);
        if (!TsPacketHeader.TryParse(packet, out TsPacketHeader header) || header.TransportError)
        {
            _rejectedPackets++;
            return;
        }

        if (header.Pid == TsPacket.PatPid)
        {
            if (_tables.OnPat(packet, header))
            {
                SwitchStreams(PsiParser.NoPid, PsiParser.NoPid, chunk);
            }
        }
        else if (header.Pid == _tables.PmtPid)
        {
            if (_tables.OnPmt(packet, header, out int videoPid, out int audioPid))
            {
                SwitchStreams(videoPid, audioPid, chunk);
            }

            if (_tables.TakeChange())
            {
                _sink.OnProgramTables(_tables.PatPacket, _tables.PmtPacket);
            }
        }
        else if (header.Pid == _video.Pid)
        {
            OnStreamPacket(_video, source, offset, sourceIsChunk, header, chunk);
        }
        else if (header.Pid == _audio.Pid)
        {
            OnStreamPacket(_audio, source, offset, sourceIsChunk, header, chunk);
        }

        // Anything else (SDT, null packets, PCR on a PID of its own) is not part of a unit.
    }

    private void OnStreamPacket(
        PesUnitAssembler stream, ReadOnlySpan<byte> source, int offset, bool sourceIsChunk,
        in TsPacketHeader header, ReadOnlySpan<byte> chunk)
    {
        if (!stream.CheckContinuity(header))
        {
            return;
        }

        if (header.PayloadUnitStart)
        {
            EmitIfOpen(stream, chunk);
        }

        stream.Accept(source, offset, sourceIsChunk, header, header.PayloadUnitStart ? _nextOpenOrder++ : 0);
    }

    // Units of a stream that goes away are complete as far as they will ever be: emit them first,
    // so they come before the tables that no longer describe them.
    private void SwitchStreams(int videoPid, int audioPid, ReadOnlySpan<byte> chunk)
    {
        if (videoPid != _video.Pid)
        {
            EmitIfOpen(_video, chunk);
            _video.Attach(videoPid);
        }

        if (audioPid != _audio.Pid)
        {
            EmitIfOpen(_audio, chunk);
            _audio.Attach(audioPid);
        }
    }

    private void EmitIfOpen(PesUnitAssembler stream, ReadOnlySpan<byte> chunk)
    {
        if (!stream.IsOpen)
        {
            return;
        }

        // Closed before the call: closing only resets lengths, so the bytes stay valid for the
        // sink, and a sink that throws does not leave the unit open to grow into the next one.
        AccessUnitInfo unit = stream.Describe(_nextSequence++);
        ReadOnlySpan<byte> packets = stream.GetPackets(chunk);
        stream.Close();
        _sink.OnAccessUnit(unit, packets);
    }

    private void Skip(int count)
    {
        SkippedBytes += count;
        _video.MarkSyncLoss();
        _audio.MarkSyncLoss();
    }
}
