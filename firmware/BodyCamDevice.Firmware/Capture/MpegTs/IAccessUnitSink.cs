// Where the splitter delivers its output. Both methods run synchronously on the thread that calls
// TsAccessUnitSplitter.Push or Flush. The spans are lent, not given: they point into the caller's
// chunk or the splitter's own buffer and are valid only until the method returns, so a sink that
// keeps the bytes copies them (into its ring buffer: the one copy of each byte after the pipe read).
namespace BodyCamDevice.Firmware.Capture.MpegTs;

public interface IAccessUnitSink
{
    // packets: whole 188-byte packets of the unit in stream order, the PES start first.
    void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets);

    // One 188-byte packet each. Called once both tables are known and again whenever either
    // changes (not on their periodic repetition), always before the first unit they describe.
    // A recording starts with these two packets, then the packets of its units.
    void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket);
}
