// The seam between a clip and what turns its access units into fragmented MP4. The recording
// session feeds it the clip's head, then each frame with its MPEG-TS packets; the muxer pushes its
// MP4 output into the clip's stage chain, which it completes when its output ends. Mp4ClipMuxer
// (in process) is the device's; FfmpegClipMuxer does the same with an ffmpeg process and serves
// as the reference the in-process one is checked against. Tests plug in fakes to check which
// frames a clip gets.
namespace BodyCamDevice.Firmware.Capture.Recording;

public interface IClipMuxer : IAsyncDisposable
{
    // What muxed the clip, and how: for the manifest and for diagnostics.
    string Program { get; }

    string CommandLine { get; }

    // First, once: the program tables, the clip's first keyframe and, in a clip with an audio
    // track, its first audio unit (written ahead of its turn; see RecordingSession).
    ValueTask WriteHeadAsync(ClipHead head, CancellationToken cancellationToken = default);

    // Every later frame in stream order, as whole 188-byte TS packets. May wait (a full pipe, a
    // fragment being written and synced).
    ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> packets, CancellationToken cancellationToken = default);

    // Ends the input and waits until the muxer has written everything, exited, and the output
    // chain has completed (file synced and closed, digest final).
    Task<ClipMuxerResult> CompleteAsync(CancellationToken cancellationToken = default);
}

// ProgramTables: the PAT and PMT packets. Audio is null in a clip without an audio track. The
// memory is lent for the call.
public readonly record struct ClipHead(
    ReadOnlyMemory<byte> ProgramTables, EncodedFrame Keyframe, ReadOnlyMemory<byte> KeyframePackets, EncodedFrame? Audio, ReadOnlyMemory<byte> AudioPackets);

// ProbeSize (bytes) tells the muxer how much input to read before it writes the file header;
// see FfmpegClipMuxer. IncludeAudio maps the audio stream; it must only be set once an audio unit
// will follow the first keyframe, or the muxer cannot learn the audio parameters.
public sealed record ClipMuxerSettings(int ProbeSize, bool IncludeAudio, TimeSpan FragmentDuration);

// ExitCode 0 means the muxer finished normally; Diagnostics holds its warnings and errors.
// OutputFailure is what went wrong writing the output (storage full, I/O error), if anything.
public sealed record ClipMuxerResult(int ExitCode, IReadOnlyList<string> Diagnostics, Exception? OutputFailure)
{
    public bool Success => ExitCode == 0 && OutputFailure is null;
}

// Starts a muxer for one clip writing into output, which the muxer then owns and completes.
public delegate IClipMuxer ClipMuxerFactory(ClipMuxerSettings settings, IRecordingStage output);
