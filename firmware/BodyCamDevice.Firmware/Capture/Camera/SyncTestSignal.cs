// The synthetic scene used by the emulator and tests, built so audio/video sync can be measured
// from a recording: once per second, at every whole second of stream time, the top-right quarter
// of the test pattern turns white for 100 ms and a 1 kHz tone sounds for the same 100 ms. Both
// start from t = 0 of their own lavfi source, so a recording in sync shows each flash's first
// frame and each tone's first sample at the same presentation time (within one frame).
// testsrc2 itself shows a running clock (stream time and frame number, top left).
namespace BodyCamDevice.Firmware.Capture.Camera;

internal static class SyncTestSignal
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan PulseLength = TimeSpan.FromMilliseconds(100);

    public const int ToneFrequencyHz = 1000;

    // "Inside a pulse" as an ffmpeg expression of t (seconds): lt(mod(t,1),0.1).
    private static readonly string InPulse = FormattableString.Invariant($"lt(mod(t,{Period.TotalSeconds}),{PulseLength.TotalSeconds})");

    // lavfi input graph: the pattern with the flash drawn on top.
    public static string VideoGraph(int width, int height, int frameRate) =>
        FilterEscaping.Filter("testsrc2", ("size", $"{width}x{height}"), ("rate", $"{frameRate}"))
        + "," + FilterEscaping.Filter(
            "drawbox",
            ("x", "iw*3/4"), ("y", "0"), ("w", "iw/4"), ("h", "ih/4"),
            ("color", "white"), ("t", "fill"), ("enable", InPulse));

    // lavfi input graph: mono, half scale (-6 dBFS) tone bursts, silence in between.
    public static string AudioGraph(int sampleRate) => FilterEscaping.Filter(
        "aevalsrc",
        ("exprs", $"if({InPulse},0.5*sin(2*PI*{ToneFrequencyHz}*t),0)"),
        ("s", $"{sampleRate}"));
}
