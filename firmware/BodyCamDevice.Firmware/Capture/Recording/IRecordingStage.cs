// One step of the chain that carries a clip's MP4 bytes from the muxer to storage. The firmware
// is the only writer of recording bytes: every byte of a clip passes through this chain, and each stage does one thing (find fragment boundaries, hash,
// write and fsync; later, encrypt) and then hands the bytes to the stage after it, which it owns.
//
// Threads: a chain is driven by one task at a time (the recording's writer task, through the
// muxer); calls never overlap. Memory passed to WriteAsync is lent for the call only.
namespace BodyCamDevice.Firmware.Capture.Recording;

public interface IRecordingStage
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    // Everything written so far ends a self-contained part of the file: the init segment
    // (ftyp + moov) or a whole fragment (moof + mdat). A storage stage makes it durable before
    // returning, so a power cut after this call cannot take that part away.
    ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default);

    // End of the clip: nothing more will be written. Makes everything durable and releases the
    // stage's resources, then completes the next stage. Called exactly once, also after a failure.
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}

public enum Mp4Segment
{
    // ftyp and moov: what a player needs before the first fragment.
    Init,

    // moof and its mdat: about one GOP of audio and video.
    Fragment,
}
