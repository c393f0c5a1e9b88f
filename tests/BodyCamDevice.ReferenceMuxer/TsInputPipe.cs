// The muxer's input as an FFMpegCore pipe source. FFMpegCore calls WriteAsync once, when ffmpeg
// has connected to the pipe, and closes the pipe (end of input for ffmpeg) when it returns. A
// recording does not have its input ready as a stream: the session writes units one by one as the
// pre-record reader hands them out, on its own task. So WriteAsync only hands the connected pipe
// over (Connected) and then holds it open until the session calls EndInput.
using FFMpegCore.Pipes;

using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.ReferenceMuxer;

internal sealed class TsInputPipe : IPipeSource
{
    private readonly TaskCompletionSource<Stream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Completes with the pipe once ffmpeg has connected; never, if ffmpeg fails before that.
    public Task<Stream> Connected => _connected.Task;

    public string GetStreamArguments() => "-f mpegts";

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        _connected.TrySetResult(outputStream);

        // FFMpegCore cancels the token when ffmpeg exits; the pipe is of no use after that.
        using (cancellationToken.Register(() => _ended.TrySetResult()))
        {
            await _ended.Task.ConfigureAwait(false);
        }
    }

    // Called by the session after its last write has completed.
    public void EndInput() => _ended.TrySetResult();
}
