// The drawtext filters of the burnt-in watermark, bottom left, white on a translucent box:
//   2026-03-01T14:05:09Z             (or CLOCK NOT SET)
//   SN BC-000123  ID 4711
// Sizes are drawtext expressions of the frame height (h) and line height (lh), so the watermark
// scales with whatever resolution the source delivers (a looped file may differ from the options).
namespace BodyCamDevice.Firmware.Capture.Camera;

internal static class WatermarkFilter
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

    public const string ClockNotSet = "CLOCK NOT SET";

    // ISO-8601 in UTC with the Z designator, to the second (drawtext's gmtime has no fractions).
    public const string UtcFormat = "%Y-%m-%dT%H:%M:%SZ";

    private const int BoxBorder = 3;
    private const int Margin = BoxBorder + 5;
    private const int Gap = 2;

    public static string Build(Watermark watermark)
    {
        string time = watermark.ClockIsSet
            ? "%{gmtime:" + FilterEscaping.DrawTextFunctionArgument(UtcFormat) + "}"
            : FilterEscaping.DrawTextLiteral(ClockNotSet);
        string identity = FilterEscaping.DrawTextLiteral($"SN {watermark.DeviceSerial}  ID {watermark.OfficerId}");
        // Line boxes reach BoxBorder pixels beyond the text: the lower line sits Margin above the
        // bottom, the upper one a line and two borders plus Gap above it.
        return Line(time, $"h-2*lh-{Margin + (2 * BoxBorder) + Gap}") + "," + Line(identity, $"h-lh-{Margin}");
    }

    private static string Line(string expandedText, string y) => FilterEscaping.Filter(
        "drawtext",
        ("fontfile", FontPath),
        ("fontsize", "max(12,h/27)"),
        ("fontcolor", "white"),
        ("box", "1"),
        ("boxcolor", "black@0.6"),
        ("boxborderw", $"{BoxBorder}"),
        ("x", "lh/2"),
        ("y", y),
        ("text", expandedText));
}
