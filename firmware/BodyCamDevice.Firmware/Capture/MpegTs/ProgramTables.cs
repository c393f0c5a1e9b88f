// Keeps the latest PAT and PMT packets (raw, so a recording can start with them) and notices when
// their content changes, as opposed to their periodic repetition.
namespace BodyCamDevice.Firmware.Capture.MpegTs;

internal sealed class ProgramTables
{
    private readonly byte[] _patPacket = new byte[TsPacket.Size];
    private readonly byte[] _pmtPacket = new byte[TsPacket.Size];
    private bool _hasPat;
    private bool _hasPmt;
    private bool _changed;

    public int PmtPid { get; private set; } = PsiParser.NoPid;

    public ReadOnlySpan<byte> PatPacket => _hasPat ? _patPacket : ReadOnlySpan<byte>.Empty;

    public ReadOnlySpan<byte> PmtPacket => _hasPmt ? _pmtPacket : ReadOnlySpan<byte>.Empty;

    // True when the PAT names a different PMT PID: the kept PMT is then dropped, as the streams of
    // the new program are unknown until its PMT arrives.
    public bool OnPat(ReadOnlySpan<byte> packet, in TsPacketHeader header)
    {
        if (!PsiParser.TryParsePat(packet, header, out int pmtPid))
        {
            return false;
        }

        Keep(packet, _patPacket, ref _hasPat);
        if (pmtPid == PmtPid)
        {
            return false;
        }

        PmtPid = pmtPid;
        _hasPmt = false;
        return true;
    }

    public bool OnPmt(ReadOnlySpan<byte> packet, in TsPacketHeader header, out int videoPid, out int audioPid)
    {
        if (!PsiParser.TryParsePmt(packet, header, out videoPid, out audioPid))
        {
            return false;
        }

        Keep(packet, _pmtPacket, ref _hasPmt);
        return true;
    }

    // True once per change, when both tables are known.
    public bool TakeChange()
    {
        if (!_changed || !_hasPat || !_hasPmt)
        {
            return false;
        }

        _changed = false;
        return true;
    }

    // Compares everything after the 4-byte header, whose continuity counter moves with every
    // repetition of the table.
    private void Keep(ReadOnlySpan<byte> packet, byte[] kept, ref bool hasTable)
    {
        if (!hasTable || !packet[4..].SequenceEqual(kept.AsSpan(4)))
        {
            _changed = true;
        }

        packet.CopyTo(kept);
        hasTable = true;
    }
}
