// What starts a recording: the controller's request (source and wall-clock time of the trigger),
// the presentation timestamp of the newest video frame at that moment (90 kHz, as in the
// pre-record buffer), and the program tables the muxer's input starts with, as the splitter
// reported them (IAccessUnitSink.OnProgramTables). The timestamp ties media time to UTC: a
// frame's UTC time is the trigger time plus its distance from that timestamp, until a camera
// restart begins a new timeline (see RecordingSession.Frames).
using BodyCamDevice.Firmware.Capture.MpegTs;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed record RecordingTrigger(
    RecordingStartRequest Request,
    long PresentationTimestamp,
    ReadOnlyMemory<byte> PatPacket,
    ReadOnlyMemory<byte> PmtPacket)
{
    // Whether the PMT lists an AAC stream; throws if the tables are not one PAT and one PMT packet.
    internal bool DeclaresAudio()
    {
        if (PatPacket.Length != TsPacket.Size || !TsPacketHeader.TryParse(PmtPacket.Span, out TsPacketHeader header)
            || !PsiParser.TryParsePmt(PmtPacket.Span, header, out _, out int audioPid))
        {
            throw new ArgumentException("the program tables must be one PAT and one PMT packet of 188 bytes, as the splitter reports them");
        }

        return audioPid != PsiParser.NoPid;
    }
}
