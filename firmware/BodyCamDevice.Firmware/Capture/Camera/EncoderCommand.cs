// One encoder invocation, kept structured so the source can hand each part to FFMpegCore and tests
// can read the exact argv. Inputs are in ffmpeg's order (video first, then audio). The output is
// always MPEG-TS on a pipe: ToArgumentList writes it as "-f mpegts pipe:1"; at run time FFMpegCore
// supplies the pipe (a unix socket). An input whose Url is pipe:0 reads the Capture program's
// stdout (rpicam-vid), which the source connects to ffmpeg through an FFMpegCore input pipe.
namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed record EncoderInput(IReadOnlyList<string> Options, string Url);

// A program started next to ffmpeg whose stdout becomes ffmpeg's pipe:0 input.
public sealed record CaptureCommand(string Program, IReadOnlyList<string> Arguments);

public sealed record EncoderCommand(
    IReadOnlyList<string> GlobalOptions,
    IReadOnlyList<EncoderInput> Inputs,
    IReadOnlyList<string> OutputOptions,
    CaptureCommand? Capture)
{
    public const string OutputFormat = "mpegts";

    public const string OutputUrl = "pipe:1";

    public const string CaptureUrl = "pipe:0";

    // The full ffmpeg argv (without the program name), as it would be typed.
    public IReadOnlyList<string> ToArgumentList()
    {
        var arguments = new List<string>(GlobalOptions);
        foreach (EncoderInput input in Inputs)
        {
            arguments.AddRange(input.Options);
            arguments.Add("-i");
            arguments.Add(input.Url);
        }

        arguments.AddRange(OutputOptions);
        arguments.AddRange(["-f", OutputFormat, OutputUrl]);
        return arguments;
    }
}
