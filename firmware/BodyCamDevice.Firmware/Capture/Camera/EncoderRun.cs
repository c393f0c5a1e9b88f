// One ffmpeg process, from start to exit, driven through FFMpegCore. ffmpeg writes MPEG-TS into an
// FFMpegCore output pipe (a unix socket; FFMpegCore keeps ffmpeg's stdout for text), and a
// dedicated reader thread pushes what arrives into the splitter, whose sink appends to the
// pre-record buffer. The thread does nothing else, so ffmpeg is never held up by the firmware.
//
// Completion yields null when the run ended because RequestStop asked it to, otherwise the reason
// it failed. It completes only after ffmpeg has exited (FFMpegCore waits for the process) and the
// capture program, if any, has been killed: no process outlives its run.
// Stopping: RequestStop sends "q" and FFMpegCore kills ffmpeg after StopGracePeriod; a stall or a
// reader error kills it at once.
using System.Text.RegularExpressions;
using BodyCamDevice.Firmware.Capture.MpegTs;
using FFMpegCore;
using FFMpegCore.Pipes;

using System.Net.Sockets;

namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed partial class EncoderRun
{
    // One pipe read; a unix socket hands over at most what ffmpeg wrote since the last read.
    private const int ReadSize = 64 * 1024;

    private readonly EncoderCommand _command;
    private readonly CameraOptions _options;
    private readonly TsAccessUnitSplitter _splitter;
    private readonly StallWatchdog _watchdog;
    private readonly MessageTail _stderr = new(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _kill = new();
    private string? _failure;
    private string? _processMarker;
    private volatile bool _stopRequested;
    private volatile int _processId;

    public EncoderRun(EncoderCommand command, CameraOptions options, PreRecordSink sink, TimeProvider time)
    {
        _command = command;
        _options = options;
        _splitter = new TsAccessUnitSplitter(sink);
        _watchdog = new StallWatchdog(time, options.StartTimeout, options.StallTimeout, Abort);
        Completion = Task.FromResult<string?>(null);
    }

    public Task<string?> Completion { get; private set; }

    // ffmpeg's process id once its output is connected, for diagnostics and tests.
    public int? ProcessId => _processId == 0 ? null : _processId;

    public void Start() => Completion = Task.Run(RunAsync);

    // Reader thread, for every video frame (wired through PreRecordSink).
    public void OnVideoFrame() => _watchdog.Feed();

    public void RequestStop()
    {
        _stopRequested = true;
        _stop.Cancel();
    }

    private void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _failure, reason, null);
        _kill.Cancel();
    }

    private async Task<string?> RunAsync()
    {
        CaptureProcess? capture = null;
        try
        {
            // The encoder would outlive its input (other inputs keep it busy): a capture program
            // that ends ends the run, with its exit code and last words as the reason.
            capture = _command.Capture is { } captureCommand ? CaptureProcess.Start(captureCommand, ended => Abort(ended.Describe())) : null;
            FFMpegArgumentProcessor processor = BuildProcessor(capture);
            _processMarker = PipeName().Match(processor.Arguments).Value;
            _watchdog.Start();
            FFMpegResult result = await processor.ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
            return _stopRequested ? null : Volatile.Read(ref _failure) ?? Describe(result.ExitCode, capture);
        }
        catch (Exception exception)
        {
            // An abort (the capture program ended, a stall) cancels the run, and if that lands
            // while FFMpegCore is still connecting its pipes it surfaces here as a cancellation:
            // the abort's reason is the one to report, not the cancellation it caused.
            return _stopRequested ? null : Volatile.Read(ref _failure) ?? $"the encoder could not run: {exception.Message}";
        }
        finally
        {
            _watchdog.Dispose();
            capture?.Dispose();
        }
    }

    private FFMpegArgumentProcessor BuildProcessor(CaptureProcess? capture)
    {
        FFMpegArguments? arguments = null;
        for (int i = 0; i < _command.Inputs.Count; i++)
        {
            EncoderInput input = _command.Inputs[i];

            // FFMpegCore has no place for global options: they lead the first input's options.
            IEnumerable<string> options = i == 0 ? _command.GlobalOptions.Concat(input.Options) : input.Options;
            if (input.Url == EncoderCommand.CaptureUrl)
            {
                // Raw frames from the capture program reach ffmpeg through an FFMpegCore input pipe;
                // the pipe names the format itself, so "-f" moves from the options to the pipe.
                var pipe = new StreamPipeSource(capture!.Output) { Format = TakeFormat(ref options), BlockSize = 1024 * 1024 };
                string text = CommandLine.Join(options);
                arguments = arguments is null ? FFMpegArguments.FromPipeInput(pipe, o => o.WithCustomArgument(text)) : arguments.AddPipeInput(pipe, o => o.WithCustomArgument(text));
            }
            else
            {
                var source = new QuotedInputArgument(input.Url);
                string text = CommandLine.Join(options);
                arguments = arguments is null ? FFMpegArguments.FromInput(source, o => o.WithCustomArgument(text)) : arguments.AddInput(source, o => o.WithCustomArgument(text));
            }
        }

        var sink = new StreamPipeSink(ReadAsync) { Format = EncoderCommand.OutputFormat };
        string output = CommandLine.Join(_command.OutputOptions);
        return arguments!.OutputToPipe(sink, o => o.WithCustomArgument(output))
            .CancellableThrough(_stop.Token, _options.StopGracePeriod)
            .CancellableThrough(_kill.Token, TimeSpan.Zero)
            .NotifyOnStandardError(_stderr.Add)
            .Configure(ffOptions =>
            {
                if (_options.FfmpegPath is { } path)
                {
                    ffOptions.BinaryFolder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
                }
            });
    }

    // Called by FFMpegCore once ffmpeg has connected to the output pipe. The reading happens on a
    // thread of its own, which ends when ffmpeg closes the pipe (it exited or was killed).
    private Task ReadAsync(Stream pipe, CancellationToken cancellationToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new Thread(() =>
        {
            ReadUntilClosed(pipe);
            finished.SetResult();
        })
        {
            Name = "camera-reader",
            IsBackground = true,
        };
        reader.Start();
        return finished.Task;
    }

    private void ReadUntilClosed(Stream pipe)
    {
        if (_processMarker is { Length: > 0 } marker)
        {
            _processId = ChildProcesses.FindByCommandLine(marker) ?? 0;
        }

        using var socket = ReceiveLowWater.TryApply(pipe, ReceiveLowWater.For(_options));
        var chunk = new byte[ReadSize];
        while (true)
        {
            int read;
            try
            {
                read = socket is null ? ReadPipe(pipe, chunk) : ReceiveLowWater.Receive(socket, chunk);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
                return;
            }

            if (read < 0)
            {
                return;
            }

            if (read == 0)
            {
                continue;
            }

            try
            {
                _splitter.Push(chunk.AsSpan(0, read));
            }
            catch (Exception exception)
            {
                // A bug, not bad input (the splitter resynchronises on garbage): stop this run and
                // let the supervisor start a fresh one.
                Abort($"reading the encoder's stream failed: {exception.Message}");
                return;
            }
        }
    }

    // As ReceiveLowWater.Receive: the bytes read, or -1 at the end of the stream.
    private static int ReadPipe(Stream pipe, byte[] chunk) => pipe.Read(chunk) is > 0 and var read ? read : -1;

    private string Describe(int exitCode, CaptureProcess? capture)
    {
        string how = exitCode switch
        {
            0 => "the encoder ended its stream (exit code 0)",
            > 128 and < 160 => $"the encoder was terminated by signal {exitCode - 128} (exit code {exitCode})",
            _ => $"the encoder exited with code {exitCode}",
        };
        return how + _stderr.Format() + (capture is null ? "" : "; " + capture.Describe());
    }

    private static string TakeFormat(ref IEnumerable<string> options)
    {
        var list = options.ToList();
        int index = list.IndexOf("-f");
        string format = list[index + 1];
        list.RemoveRange(index, 2);
        options = list;
        return format;
    }

    [GeneratedRegex("CoreFxPipe_FFMpegCore_[0-9a-f]+")]
    private static partial Regex PipeName();
}
