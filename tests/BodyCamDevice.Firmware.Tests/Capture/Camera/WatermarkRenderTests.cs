// The watermark filter rendered by the real ffmpeg on a plain grey picture, compared without OCR:
// the clock line must be pixel-identical to the literal text of the current UTC second, advance
// with the wall clock, and read CLOCK NOT SET when the clock is not trusted.
using System.Globalization;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

[Category("ffmpeg")]
[NonParallelizable]
public sealed class WatermarkRenderTests
{
    private const int Width = 320;
    private const int Height = 240;

    private static readonly Watermark Identity = new("BC-000123", "4711", ClockIsSet: true);

    [OneTimeSetUp]
    public void RequireFfmpeg() => FfmpegRequirement.Check();

    [Test]
    public void The_clock_line_is_the_utc_time_in_iso_8601_with_z()
    {
        DateTimeOffset before = DateTimeOffset.UtcNow;
        byte[] rendered = Render(WatermarkFilter.Build(Identity), frames: 1);
        DateTimeOffset after = DateTimeOffset.UtcNow;

        // The same line drawn from literal text, for each second the render may have seen.
        var matches = new List<string>();
        for (long second = before.ToUnixTimeSeconds(); second <= after.ToUnixTimeSeconds(); second++)
        {
            string text = DateTimeOffset.FromUnixTimeSeconds(second).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            byte[] literal = Render(WithClockText(WatermarkFilter.Build(Identity), text), frames: 1);
            if (Gray.MeanDifference(rendered, literal, Width, Gray.ClockLine(Height)) == 0)
            {
                matches.Add(text);
            }
        }

        Assert.That(matches, Has.Count.EqualTo(1), "the clock line reads exactly one UTC second between start and end of the render");
        Assert.That(Gray.MeanDifference(rendered, Plain(), Width, Gray.ClockLine(Height)), Is.GreaterThan(10));
    }

    [Test]
    public void The_clock_line_advances_with_the_wall_clock_and_the_identity_line_does_not()
    {
        // Two frames paced one second apart (-re at 1 fps).
        byte[] frames = Render(WatermarkFilter.Build(Identity), frames: 2, realTime: true);
        byte[] first = frames[..(Width * Height)];
        byte[] second = frames[(Width * Height)..];

        Assert.That(Gray.MeanDifference(first, second, Width, Gray.ClockLine(Height)), Is.GreaterThan(0), "a digit changed");
        Assert.That(Gray.MeanDifference(first, second, Width, Gray.IdentityLine(Height)), Is.Zero);
        Assert.That(Gray.MeanDifference(first, Plain(), Width, Gray.IdentityLine(Height)), Is.GreaterThan(10));
    }

    [Test]
    public void An_unset_clock_shows_clock_not_set_instead_of_a_time()
    {
        byte[] rendered = Render(WatermarkFilter.Build(Identity with { ClockIsSet = false }), frames: 1);
        byte[] literal = Render(WithClockText(WatermarkFilter.Build(Identity), "CLOCK NOT SET"), frames: 1);

        Assert.That(Gray.MeanDifference(rendered, literal, Width, Gray.WatermarkArea(Height)), Is.Zero);
        Assert.That(Gray.MeanDifference(rendered, Plain(), Width, Gray.ClockLine(Height)), Is.GreaterThan(10));
    }

    [Test]
    public void Identity_text_with_filtergraph_characters_renders_as_written()
    {
        var awkward = new Watermark(@"O'Brien: 50% [x];\", "a,b=c", ClockIsSet: true);

        byte[] rendered = Render(WatermarkFilter.Build(awkward), frames: 1);

        Assert.That(Gray.MeanDifference(rendered, Plain(), Width, Gray.IdentityLine(Height)), Is.GreaterThan(10));
    }

    // Replaces the gmtime expansion with fixed text, escaped the same way.
    private static string WithClockText(string graph, string text)
    {
        string clock = FilterEscaping.GraphValue("%{gmtime:" + FilterEscaping.DrawTextFunctionArgument(WatermarkFilter.UtcFormat) + "}");
        Assert.That(graph, Does.Contain(clock));
        return graph.Replace(clock, FilterEscaping.GraphValue(FilterEscaping.DrawTextLiteral(text)), StringComparison.Ordinal);
    }

    private static byte[] Plain() => Render(null, frames: 1);

    private static byte[] Render(string? filter, int frames, bool realTime = false)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error" };
        if (realTime)
        {
            arguments.Add("-re");
        }

        arguments.AddRange(["-f", "lavfi", "-i", $"color=c=gray:size={Width}x{Height}:rate=1"]);
        if (filter is not null)
        {
            arguments.AddRange(["-vf", filter]);
        }

        arguments.AddRange(["-frames:v", $"{frames}", "-pix_fmt", "gray", "-f", "rawvideo", "pipe:1"]);
        byte[] output = FfmpegTool.Run("ffmpeg", arguments);
        Assert.That(output, Has.Length.EqualTo(frames * Width * Height));
        return output;
    }
}
