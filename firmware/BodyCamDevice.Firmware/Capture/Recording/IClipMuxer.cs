// The seam between a clip and the program that turns MPEG-TS into fragmented MP4. The recording
// session feeds it the program tables and whole TS units; the muxer pushes its MP4 output into the
// clip's stage chain, which it completes when its output ends. FfmpegClipMuxer is the real one;
// tests plug in fakes to check which frames a clip gets without running ffmpeg.
namespace BodyCamDevice.Firmware.Capture.Recording;

public interface IClipMuxer : IAsyncDisposable
{
    // The command line, for the manifest and for diagnostics.
    string CommandLine { get; }

    // Whole 188-byte TS packets in stream order. Waits while the muxer's input pipe is full.
    ValueTask WriteAsync(ReadOnlyMemory<byte> packets, CancellationToken cancellationToken = default);

    // Ends the input and waits until the muxer has written everything, exited, and the output
    // chain has completed (file synced and closed, digest final).
    Task<ClipMuxerResult> CompleteAsync(CancellationToken cancellationToken = default);
}

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
