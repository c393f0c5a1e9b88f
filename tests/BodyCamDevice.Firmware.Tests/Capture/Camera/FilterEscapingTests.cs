// The escaping levels of a filtergraph, checked as strings. WatermarkRenderTests proves ffmpeg
// reads them back as meant.
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class FilterEscapingTests
{
    [Test]
    public void The_utc_clock_needs_its_colons_escaped_twice_inside_one_quote()
    {
        string text = "%{gmtime:" + FilterEscaping.DrawTextFunctionArgument("%Y-%m-%dT%H:%M:%SZ") + "}";

        Assert.That(text, Is.EqualTo(@"%{gmtime:%Y-%m-%dT%H\:%M\:%SZ}"));
        Assert.That(FilterEscaping.GraphValue(text), Is.EqualTo(@"'%{gmtime\:%Y-%m-%dT%H\\\:%M\\\:%SZ}'"));
    }

    [Test]
    public void Literal_text_escapes_what_drawtext_would_expand()
    {
        Assert.That(FilterEscaping.DrawTextLiteral(@"50% \ done"), Is.EqualTo(@"50\% \\ done"));
    }

    [Test]
    public void Plain_values_stay_unquoted()
    {
        Assert.That(FilterEscaping.GraphValue("1920x1080"), Is.EqualTo("1920x1080"));
        Assert.That(FilterEscaping.GraphValue("/usr/share/fonts/a.ttf"), Is.EqualTo("/usr/share/fonts/a.ttf"));
    }

    [Test]
    public void Graph_separators_are_quoted_and_a_quote_is_closed_escaped_and_reopened()
    {
        Assert.That(FilterEscaping.GraphValue("lt(mod(t,1),0.1)"), Is.EqualTo("'lt(mod(t,1),0.1)'"));
        Assert.That(FilterEscaping.GraphValue("O'Brien: [x];"), Is.EqualTo(@"'O\'\''Brien\: [x];'"));
    }

    [Test]
    public void Whitespace_at_the_ends_survives_trimming()
    {
        Assert.That(FilterEscaping.OptionValue(" a b "), Is.EqualTo(@"\ a b\ "));
    }

    [Test]
    public void A_filter_joins_its_options_with_colons()
    {
        Assert.That(
            FilterEscaping.Filter("drawbox", ("x", "0"), ("enable", "lt(t,1)"), ("color", "white")),
            Is.EqualTo("drawbox=x=0:enable='lt(t,1)':color=white"));
    }
}
