// Test support, also compiled into the crash helper and the benchmarks: the access units of an
// MPEG-TS stream (as the capture side's splitter produces them) and how to append them to a
// pre-record buffer the way the capture side does.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

internal sealed class EncodedStream : IAccessUnitSink
{
    public byte[] Pat { get; private set; } = [];

    public byte[] Pmt { get; private set; } = [];

    public List<EncodedUnit> Units { get; } = [];

    public IEnumerable<EncodedUnit> Video => Units.Where(unit => unit.Kind == MediaStreamKind.Video);

    public IEnumerable<EncodedUnit> Audio => Units.Where(unit => unit.Kind == MediaStreamKind.Audio);

    public static EncodedStream Split(ReadOnlySpan<byte> transportStream)
    {
        var stream = new EncodedStream();
        var splitter = new TsAccessUnitSplitter(stream);
        splitter.Push(transportStream);
        splitter.Flush();
        return stream;
    }

    public AppendResult AppendTo(PreRecordBuffer buffer, int index)
    {
        EncodedUnit unit = Units[index];
        return buffer.Append(unit.Packets, unit.Kind, unit.Info.Pts, unit.Info.Dts, unit.Flags);
    }

    public void AppendTo(PreRecordBuffer buffer, int from, int to)
    {
        for (int index = from; index < to; index++)
        {
            AppendTo(buffer, index);
        }
    }

    public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets) => Units.Add(new EncodedUnit(unit, packets.ToArray()));

    public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket)
    {
        Pat = patPacket.ToArray();
        Pmt = pmtPacket.ToArray();
    }
}

internal sealed record EncodedUnit(AccessUnitInfo Info, byte[] Packets)
{
    public MediaStreamKind Kind => Info.Stream == ElementaryStreamKind.Video ? MediaStreamKind.Video : MediaStreamKind.Audio;

    public FrameFlags Flags =>
        (Kind == MediaStreamKind.Video && Info.IsKeyframe ? FrameFlags.Keyframe : FrameFlags.None)
        | (Info.HasParameterSets ? FrameFlags.ParameterSets : FrameFlags.None)
        | ((Info.Flags & AccessUnitFlags.Discontinuity) != 0 ? FrameFlags.Discontinuity : FrameFlags.None);
}
