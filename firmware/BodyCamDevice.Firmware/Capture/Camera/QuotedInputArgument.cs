// An ffmpeg input ("-i URL") for FFMpegCore. FFMpegCore's own file input wraps the path in double
// quotes without escaping, which breaks on a quote or a trailing backslash in a file name or a
// lavfi graph; this one quotes the URL properly (CommandLine.Quote).
using FFMpegCore;
using FFMpegCore.Arguments;

namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed class QuotedInputArgument(string url) : IInputArgument
{
    public string Text => "-i " + CommandLine.Quote(url);

    public void Pre(FFOptions options)
    {
    }

    public Task During(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public void Post()
    {
    }
}
