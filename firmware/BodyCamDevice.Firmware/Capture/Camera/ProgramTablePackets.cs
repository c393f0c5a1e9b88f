// The PAT and PMT packets (188 bytes each) the encoder's stream starts with. A recording writes
// these two first, then the units it reads from the pre-record buffer. Immutable: replaced whole
// when the encoder changes its tables, which in practice happens only on a restart.
namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed class ProgramTablePackets(ReadOnlySpan<byte> pat, ReadOnlySpan<byte> pmt)
{
    public ReadOnlyMemory<byte> Pat { get; } = pat.ToArray();

    public ReadOnlyMemory<byte> Pmt { get; } = pmt.ToArray();

    internal bool SameAs(ReadOnlySpan<byte> pat, ReadOnlySpan<byte> pmt) => Pat.Span.SequenceEqual(pat) && Pmt.Span.SequenceEqual(pmt);
}
