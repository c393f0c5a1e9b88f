// One clip's muxer: an ffmpeg process, driven through FFMpegCore, that copies the H.264 and AAC
// of the MPEG-TS written to its input pipe into fragmented MP4 on its output pipe (never bare
// H.264, never a re-encode). Both ends are FFMpegCore pipes (unix sockets); TsInputPipe and
// Mp4OutputPipe adapt them to a writer that pushes units as they come. ffmpeg never opens a file:
// its output goes through the clip's stage chain.
//
// Input: the process starts when the clip's head arrives, with -probesize set to the
// elementary-stream size of the clip's first keyframe plus one byte; the first audio unit comes
// right after that keyframe in the same write, so ffmpeg's probe ends after exactly those two
// units: a 0 s pre-roll starts without waiting for more frames, and the audio parameters (which
// the MP4 header needs) are known even when the pre-roll carries no audio. A muxer started ahead
// of its clip (ClipMuxerStandby) is given a probe size guessed from an earlier keyframe instead.
// -fpsprobesize 0 stops it waiting for frames to guess a frame rate.
//
// Output: fragments cut at every keyframe (one GOP, ~1 s) and at least every FragmentDuration;
// empty_moov puts no samples in the header; delay_moov writes it when the first fragment is cut,
// once every track's start is known, so the audio track starts at its true time (an edit list)
// instead of being pulled back to the first video frame. Until then nothing is written, which
// loses no more than the first fragment, the same bound as later on. ADTS headers are turned into
// an AudioSpecificConfig (aac_adtstoasc), which ffmpeg cannot insert by itself with empty_moov.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using FFMpegCore;
using FFMpegCore.Enums;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.ReferenceMuxer;

public sealed partial class FfmpegClipMuxer : IClipMuxer
{
    private const int DiagnosticLines = 50;

    private readonly TsInputPipe _input = new();
    private readonly Mp4OutputPipe _output;
    private readonly ClipMuxerSettings _settings;
    private readonly string? _binaryFolder;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentQueue<string> _diagnostics = new();
    private Task<FFMpegResult>? _run;
    private Stream? _pipe;
    private Task<ClipMuxerResult>? _completion;

    // probeSize: null starts ffmpeg with the head, with the exact probe size; a number starts it
    // now with that one (a muxer kept waiting for a clip that does not exist yet).
    internal FfmpegClipMuxer(ClipMuxerSettings settings, IRecordingStage output, string? binaryFolder, int? probeSize)
    {
        _settings = settings;
        _binaryFolder = binaryFolder;
        _output = new Mp4OutputPipe(output);
        if (probeSize is { } size)
        {
            Launch(size);
        }
    }

    public string Program => "ffmpeg";

    // The arguments as run (pipes named for what they are); empty until ffmpeg has started.
    public string CommandLine { get; private set; } = "";

    // binaryFolder: where ffmpeg lives; null or empty looks it up on PATH.
    public static ClipMuxerFactory Factory(string? binaryFolder = null) =>
        (settings, output) => new FfmpegClipMuxer(settings, output, binaryFolder, probeSize: null);

    // Runs ffmpeg once through FFMpegCore, which checks the binary (with "ffmpeg -version") on
    // first use in a process and remembers it, so the first clip does not pay for the check.
    // Throws what FFMpegCore throws when ffmpeg is missing or broken.
    public static async Task VerifyAsync(string? binaryFolder = null)
    {
        await FFMpegArguments
            .FromFileInput("anullsrc", verifyExists: false, options => options.WithCustomArgument("-f lavfi"))
            .OutputToNull(options => options.WithCustomArgument("-t 0.01"))
            .ProcessAsynchronously(throwOnError: true, Binaries(binaryFolder))
            .ConfigureAwait(false);
    }

    public static string InputArguments(int probeSize) => string.Create(
        CultureInfo.InvariantCulture,
        $"-hide_banner -nostats -probesize {Math.Max(32, probeSize)} -analyzeduration 1000000 -fpsprobesize 0");

    // The probe that ends right after a keyframe of these packets: its elementary-stream bytes plus one.
    public static int ProbeSizeFor(ReadOnlySpan<byte> keyframePackets) => TsUnitPayload.Length(keyframePackets) + 1;

    // In one write: ffmpeg's packet-size probe throws away a partial first read, and the probe
    // size ends its stream probe after these units.
    public ValueTask WriteHeadAsync(ClipHead head, CancellationToken cancellationToken = default)
    {
        if (_run is null)
        {
            Launch(ProbeSizeFor(head.KeyframePackets.Span));
        }

        byte[] bytes = [.. head.ProgramTables.Span, .. head.KeyframePackets.Span, .. head.AudioPackets.Span];
        return WritePacketsAsync(bytes, cancellationToken);
    }

    public ValueTask WriteAsync(EncodedFrame frame, ReadOnlyMemory<byte> packets, CancellationToken cancellationToken = default) =>
        WritePacketsAsync(packets, cancellationToken);

    private async ValueTask WritePacketsAsync(ReadOnlyMemory<byte> packets, CancellationToken cancellationToken)
    {
        _pipe ??= await ConnectedInputAsync().ConfigureAwait(false);
        await _pipe.WriteAsync(packets, cancellationToken).ConfigureAwait(false);
    }

    public Task<ClipMuxerResult> CompleteAsync(CancellationToken cancellationToken = default) =>
        _completion ??= FinishAsync();

    // Without CompleteAsync first: an abandoned clip. ffmpeg is killed; whatever it had written
    // stays in the file, which the chain still syncs and closes.
    public async ValueTask DisposeAsync()
    {
        if (_completion is null)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            _completion = FinishAsync();
        }

        try
        {
            await _completion.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Disposal reports nothing; the caller that needed the result called CompleteAsync.
        }

        _abort.Dispose();
    }

    private void Launch(int probeSize)
    {
        FFMpegArgumentProcessor processor = FFMpegArguments
            .FromPipeInput(_input, options => options.WithCustomArgument(InputArguments(probeSize)))
            .OutputToPipe(_output, options => AddOutputArguments(options, _settings))
            .NotifyOnStandardError(Remember)
            .CancellableThrough(_abort.Token, TimeSpan.Zero)
            .WithLogLevel(FFMpegLogLevel.Warning);
        CommandLine = DescribeCommand(processor.Arguments);
        _run = processor.ProcessAsynchronously(throwOnError: false, Binaries(_binaryFolder));
    }

    private static FFOptions Binaries(string? binaryFolder)
    {
        var ffOptions = new FFOptions();
        if (!string.IsNullOrEmpty(binaryFolder))
        {
            ffOptions.BinaryFolder = binaryFolder;
        }

        return ffOptions;
    }

    private static void AddOutputArguments(FFMpegOutputOptions options, ClipMuxerSettings settings)
    {
        options.WithMap(0, StreamType.Video, 0);
        if (settings.IncludeAudio)
        {
            options.WithMap(0, StreamType.Audio, 0);
            options.WithBitstreamFilter(StreamType.Audio, BitstreamFilter.Aac_AdtsToAsc);
        }

        options.CopyStreams()
            .WithMovFlags(MovFlags.FragmentKeyframe + MovFlags.EmptyMoov + "delay_moov" + MovFlags.DefaultBaseMoof)
            .WithCustomArgument(string.Create(
                CultureInfo.InvariantCulture,
                $"-frag_duration {(long)settings.FragmentDuration.TotalMicroseconds} -flush_packets 1 -max_interleave_delta 1000000"));
    }

    // The arguments as run, with the pipes' random socket paths named for what they are, and the
    // log level FFMpegCore appends when it starts the process.
    private static string DescribeCommand(string arguments)
    {
        string[] pipes = [.. PipePath().Matches(arguments).Select(match => match.Value)];
        string described = pipes.Length == 2
            ? arguments.Replace(pipes[0], "<input pipe>", StringComparison.Ordinal).Replace(pipes[1], "<output pipe>", StringComparison.Ordinal)
            : arguments;
        return $"ffmpeg {described} -v warning";
    }

    [GeneratedRegex("\"unix:[^\"]*\"")]
    private static partial Regex PipePath();

    private async Task<Stream> ConnectedInputAsync()
    {
        Task<FFMpegResult> run = _run ?? throw new InvalidOperationException("the clip's head is written first");
        Task finished = await Task.WhenAny(_input.Connected, run).ConfigureAwait(false);
        if (finished == _input.Connected)
        {
            return await _input.Connected.ConfigureAwait(false);
        }

        FFMpegResult result = await run.ConfigureAwait(false);
        throw new IOException($"ffmpeg exited ({result.ExitCode}) before reading its input: {Describe()}");
    }

    private async Task<ClipMuxerResult> FinishAsync()
    {
        _input.EndInput();
        Exception? failure = null;
        try
        {
            if (_run is { } run && (await run.ConfigureAwait(false)).ExitCode is var exitCode and not 0)
            {
                failure = new IOException($"ffmpeg exited with code {exitCode}: {Describe()}");
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // ffmpeg could not be started at all (not installed, not executable).
            Remember(exception.Message);
            failure = exception;
        }

        await _output.CompleteUnusedAsync().ConfigureAwait(false);
        Exception? outputFailure = await _output.Completed.ConfigureAwait(false);
        return new ClipMuxerResult([.. _diagnostics], outputFailure ?? failure);
    }

    private void Remember(string line)
    {
        _diagnostics.Enqueue(line);
        while (_diagnostics.Count > DiagnosticLines && _diagnostics.TryDequeue(out _))
        {
        }
    }

    private string Describe() => string.Join(" | ", _diagnostics);
}
