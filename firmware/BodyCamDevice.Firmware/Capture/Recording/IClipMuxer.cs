// The seam between a clip and what turns its access units into fragmented MP4. The recording
// session feeds it the clip's head, then each frame with its MPEG-TS packets; the muxer pushes its
// MP4 output into the clip's stage chain, which it completes when its output ends. Mp4ClipMuxer
// (in process) is the device's; the tests' reference project puts ffmpeg's muxer behind the same
// seam to check it against. Tests plug in fakes to check which frames a clip gets.
namespace BodyCamDevice.Firmware.Capture.Recording;

public interface IClipMuxer : IAsyncDisposable
{
    // What muxed the clip, for the manifest.
    string Program { get; }

    // First, once: the program tables, the clip's first keyframe and, in a clip with an audio
    // track, its first audio unit (written ahead of its turn; see RecordingSession).
    ValueTask WriteHeadAsync(ClipHead head, CancellationToken cancellationToken = default);

    // Every later frame in stream order, as whole 188-byte TS packets. May wait (a fragment being
    // written and synced).
    ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> packets, CancellationToken cancellationToken = default);

    // Ends the input and waits until the muxer has written everything and the output chain has
    // completed (file synced and closed, digest final).
    Task<ClipMuxerResult> CompleteAsync(CancellationToken cancellationToken = default);
}

// ProgramTables: the PAT and PMT packets. Audio is null in a clip without an audio track. The
// memory is lent for the call.
public readonly record struct ClipHead(
    ReadOnlyMemory<byte> ProgramTables, EncodedFrame Keyframe, ReadOnlyMemory<byte> KeyframePackets, EncodedFrame? Audio, ReadOnlyMemory<byte> AudioPackets);

// IncludeAudio gives the clip an audio track; it must only be set when the clip's head carries an
// audio unit, from which the muxer learns the audio parameters. FragmentDuration: the longest a
// fragment may get before it ends (one ends before every keyframe anyway).
public sealed record ClipMuxerSettings(bool IncludeAudio, TimeSpan FragmentDuration);

// Diagnostics: what the muxer has to say about the clip (units it could not read), for the
// manifest. Failure: what went wrong (storage full, an I/O error), if anything.
public sealed record ClipMuxerResult(IReadOnlyList<string> Diagnostics, Exception? Failure)
{
    public bool Success => Failure is null;
}

// Starts a muxer for one clip writing into output, which the muxer then owns and completes.
public delegate IClipMuxer ClipMuxerFactory(ClipMuxerSettings settings, IRecordingStage output);
