// The muxer's output as an FFMpegCore pipe sink: reads the MP4 bytes ffmpeg writes and pushes
// them into the clip's stage chain, then completes the chain.
//
// It reads to end-of-stream and ignores the cancellation token on purpose: FFMpegCore cancels it
// the moment ffmpeg exits, while the last fragment and the trailer may still sit in the socket.
// End-of-stream always comes, because the socket reports it once ffmpeg has closed it or exited.
// Runs on a task of FFMpegCore's; the chain is only ever driven from here.
using System.Buffers;
using FFMpegCore.Pipes;

using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.ReferenceMuxer;

internal sealed class Mp4OutputPipe : IPipeSink
{
    private const int ReadSize = 64 * 1024;

    private readonly IRecordingStage _output;
    private readonly TaskCompletionSource<Exception?> _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public Mp4OutputPipe(IRecordingStage output)
    {
        _output = output;
    }

    // Completes once the chain has completed, with what went wrong writing, if anything.
    public Task<Exception?> Completed => _completed.Task;

    public string GetStreamArguments() => "-f mp4";

    public async Task ReadAsync(Stream inputStream, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        Exception? failure = null;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int read;
            while ((read = await inputStream.ReadAsync(buffer.AsMemory(0, ReadSize), CancellationToken.None).ConfigureAwait(false)) > 0)
            {
                await _output.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            // Stop reading: FFMpegCore then closes the pipe and ffmpeg stops on a broken pipe.
            failure = exception;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            failure = await CompleteOutputAsync(failure).ConfigureAwait(false);
            _completed.TrySetResult(failure);
        }
    }

    // For a muxer that exited without ever connecting to its output: completes the chain
    // (which then creates no file) unless ReadAsync ran.
    public async Task CompleteUnusedAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _completed.TrySetResult(await CompleteOutputAsync(null).ConfigureAwait(false));
        }
    }

    private async Task<Exception?> CompleteOutputAsync(Exception? failure)
    {
        try
        {
            await _output.CompleteAsync(CancellationToken.None).ConfigureAwait(false);
            return failure;
        }
        catch (Exception exception)
        {
            return failure ?? exception;
        }
    }
}
