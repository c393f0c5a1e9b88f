// Keeps copies of everything the splitter emits, for assertions.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

internal sealed class RecordingSink : IAccessUnitSink
{
    public List<(AccessUnitInfo Info, byte[] Packets)> Units { get; } = [];

    public List<(byte[] Pat, byte[] Pmt)> Tables { get; } = [];

    public IEnumerable<AccessUnitInfo> Video => Units.Select(unit => unit.Info).Where(info => info.Stream == ElementaryStreamKind.Video);

    public IEnumerable<AccessUnitInfo> Audio => Units.Select(unit => unit.Info).Where(info => info.Stream == ElementaryStreamKind.Audio);

    public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets) => Units.Add((unit, packets.ToArray()));

    public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket) =>
        Tables.Add((patPacket.ToArray(), pmtPacket.ToArray()));
}
