// Writes small, valid transport streams by hand so each test can say exactly which packets it
// feeds the splitter. Continuity counters are kept per PID like a real muxer does.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

internal sealed class TsStreamBuilder
{
    public const int PmtPid = 0x1000;
    public const int VideoPid = 0x100;
    public const int AudioPid = 0x101;
    public const int SdtPid = 0x11;

    private readonly List<byte> _bytes = [];
    private readonly Dictionary<int, int> _continuity = [];

    public int PacketCount => _bytes.Count / TsPacket.Size;

    public byte[] ToArray() => [.. _bytes];

    public TsStreamBuilder Pat(int pmtPid = PmtPid, int version = 0) =>
        Section(TsPacket.PatPid, [0x00, 0x00, 0x00, 0x00, 0x01, (byte)(0xC1 | (version << 1)), 0x00, 0x00,
            0x00, 0x01, (byte)(0xE0 | (pmtPid >> 8)), (byte)pmtPid]);

    // audioPid < 0 leaves the audio stream out.
    public TsStreamBuilder Pmt(int videoPid = VideoPid, int audioPid = AudioPid, int pmtPid = PmtPid, int version = 0)
    {
        var body = new List<byte>
        {
            0x02, 0x00, 0x00, 0x00, 0x01, (byte)(0xC1 | (version << 1)), 0x00, 0x00,
            (byte)(0xE0 | (videoPid >> 8)), (byte)videoPid, 0xF0, 0x00,
            0x1B, (byte)(0xE0 | (videoPid >> 8)), (byte)videoPid, 0xF0, 0x00,
        };
        if (audioPid >= 0)
        {
            body.AddRange([0x0F, (byte)(0xE0 | (audioPid >> 8)), (byte)audioPid, 0xF0, 0x00]);
        }

        return Section(pmtPid, [.. body]);
    }

    // A video PES packet: AUD, then SPS+PPS and an IDR slice for a keyframe, or a non-IDR slice;
    // sliceBytes of slice data spread the unit over several packets.
    public TsStreamBuilder VideoFrame(
        long pts, bool keyframe, long? dts = null, int sliceBytes = 400, bool randomAccess = false,
        bool parameterSets = true)
    {
        var es = new List<byte> { 0, 0, 0, 1, 0x09, 0xF0 };
        if (keyframe && parameterSets)
        {
            es.AddRange([0, 0, 0, 1, 0x67, 0x42, 0xC0, 0x0D, 0xDA]);
            es.AddRange([0, 0, 0, 1, 0x68, 0xCE, 0x0F, 0xC8]);
        }

        es.AddRange([0, 0, 1, keyframe ? (byte)0x65 : (byte)0x41]);
        for (int index = 0; index < sliceBytes; index++)
        {
            // Never two zeros in a row, so no start code appears inside the slice.
            es.Add((byte)(index % 251 + 1));
        }

        return Pes(VideoPid, 0xE0, pts, dts, [.. es], randomAccess);
    }

    public TsStreamBuilder AudioFrame(long pts, int bytes = 300) =>
        Pes(AudioPid, 0xC0, pts, null, [.. Enumerable.Range(0, bytes).Select(index => (byte)(0xF0 | index % 15))], randomAccess: true);

    // A packet with an adaptation field only: how a muxer sends PCR between frames.
    public TsStreamBuilder PcrOnly(int pid = VideoPid)
    {
        var packet = NewPacket(pid, payloadUnitStart: false, payload: false);
        packet[4] = 183;
        packet[5] = 0x10;
        _bytes.AddRange(packet);
        return this;
    }

    // A packet of a PID the splitter does not follow, e.g. the SDT.
    public TsStreamBuilder Other(int pid = SdtPid)
    {
        var packet = NewPacket(pid, payloadUnitStart: true, payload: true);
        packet.AsSpan(4).Fill(0xFF);
        _bytes.AddRange(packet);
        return this;
    }

    public TsStreamBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    // Makes the next packet of the PID skip a continuity counter value, as if one was lost.
    public TsStreamBuilder LosePacket(int pid)
    {
        _continuity[pid] = (_continuity.GetValueOrDefault(pid) + 1) & 0x0F;
        return this;
    }

    public static byte[] PesHeader(byte streamId, long pts, long? dts)
    {
        var header = new List<byte> { 0, 0, 1, streamId, 0, 0, 0x80 };
        header.Add(dts is null ? (byte)0x80 : (byte)0xC0);
        header.Add(dts is null ? (byte)5 : (byte)10);
        header.AddRange(Timestamp(dts is null ? 0x20 : 0x30, pts));
        if (dts is long value)
        {
            header.AddRange(Timestamp(0x10, value));
        }

        return [.. header];
    }

    public static byte[] Timestamp(int prefix, long value) =>
    [
        (byte)(prefix | (int)((value >> 29) & 0x0E) | 1),
        (byte)(value >> 22),
        (byte)(((value >> 14) & 0xFE) | 1),
        (byte)(value >> 7),
        (byte)(((value << 1) & 0xFE) | 1),
    ];

    private TsStreamBuilder Pes(int pid, byte streamId, long pts, long? dts, byte[] es, bool randomAccess)
    {
        byte[] pes = [.. PesHeader(streamId, pts, dts), .. es];
        int position = 0;
        bool first = true;
        while (position < pes.Length)
        {
            var packet = NewPacket(pid, payloadUnitStart: first, payload: true);
            int remaining = pes.Length - position;
            bool needsFlags = first && randomAccess;
            bool needsAdaptation = needsFlags || remaining < TsPacket.Size - 4;
            int take = needsAdaptation ? Math.Min(remaining, needsFlags ? 182 : 183) : TsPacket.Size - 4;
            int payloadStart = 4;
            if (needsAdaptation)
            {
                // Adaptation field: its length byte, the flags byte, then stuffing up to the payload.
                int adaptationLength = TsPacket.Size - 5 - take;
                packet[3] |= 0x20;
                packet[4] = (byte)adaptationLength;
                if (adaptationLength > 0)
                {
                    packet[5] = needsFlags ? (byte)0x40 : (byte)0x00;
                    packet.AsSpan(6, adaptationLength - 1).Fill(0xFF);
                }

                payloadStart = 5 + adaptationLength;
            }

            pes.AsSpan(position, take).CopyTo(packet.AsSpan(payloadStart));
            position += take;
            first = false;
            _bytes.AddRange(packet);
        }

        return this;
    }

    private TsStreamBuilder Section(int pid, byte[] sectionWithoutCrc)
    {
        // Fix section_length: everything after the length field, CRC included.
        int sectionLength = sectionWithoutCrc.Length - 3 + 4;
        sectionWithoutCrc[1] = (byte)(0xB0 | (sectionLength >> 8));
        sectionWithoutCrc[2] = (byte)sectionLength;
        uint crc = Crc32Mpeg2.Compute(sectionWithoutCrc);
        var packet = NewPacket(pid, payloadUnitStart: true, payload: true);
        packet.AsSpan(4).Fill(0xFF);
        packet[4] = 0;
        sectionWithoutCrc.CopyTo(packet, 5);
        int crcAt = 5 + sectionWithoutCrc.Length;
        packet[crcAt] = (byte)(crc >> 24);
        packet[crcAt + 1] = (byte)(crc >> 16);
        packet[crcAt + 2] = (byte)(crc >> 8);
        packet[crcAt + 3] = (byte)crc;
        _bytes.AddRange(packet);
        return this;
    }

    private byte[] NewPacket(int pid, bool payloadUnitStart, bool payload)
    {
        int counter = _continuity.GetValueOrDefault(pid);
        if (payload)
        {
            _continuity[pid] = (counter + 1) & 0x0F;
        }
        else
        {
            // Adaptation-only packets repeat the previous counter.
            counter = (counter + 15) & 0x0F;
        }

        var packet = new byte[TsPacket.Size];
        packet[0] = TsPacket.SyncByte;
        packet[1] = (byte)((payloadUnitStart ? 0x40 : 0) | (pid >> 8));
        packet[2] = (byte)pid;
        packet[3] = (byte)((payload ? 0x10 : 0x20) | counter);
        return packet;
    }
}
