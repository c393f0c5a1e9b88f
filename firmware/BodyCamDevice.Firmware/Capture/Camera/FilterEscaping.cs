// Escaping for ffmpeg filtergraphs. A drawtext text passes three parsers, innermost last:
//   1. the graph parser cuts each filter's argument string (av_get_token, terminators "[],;");
//   2. the filter cuts that string into key=value options (av_get_token, terminator ":");
//   3. drawtext expands its text: '\' escapes a character, "%{name:arg}" calls a function whose
//      arguments are cut once more (av_get_token, terminators ":}").
// av_get_token removes a backslash and keeps the next character, keeps text between single quotes
// as is, and trims unescaped whitespace at both ends. So each level escapes its own terminators,
// backslash, quote and any whitespace at the ends; drawtext's expansion only knows '\' and '%'.
// Level 1 quotes instead of escaping, which keeps the common case readable:
//   text='%{gmtime\:%Y-%m-%dT%H\\\:%M\\\:%SZ}'
namespace BodyCamDevice.Firmware.Capture.Camera;

internal static class FilterEscaping
{
    // Literal text for drawtext (level 3): nothing in it is expanded.
    public static string DrawTextLiteral(string text) => Escape(text, "\\%", trimsWhitespace: false);

    // One argument of a drawtext %{function:argument} (level 3), e.g. a strftime format.
    public static string DrawTextFunctionArgument(string argument) => Escape(argument, "\\':}");

    // A value in a filter's key=value list (level 2).
    public static string OptionValue(string value) => Escape(value, "\\':");

    // An option value as it must appear in a filtergraph (levels 2 and 1). Plain values stay
    // unquoted so commands remain readable.
    public static string GraphValue(string value)
    {
        string option = OptionValue(value);
        if (option.AsSpan().IndexOfAny("\\'[],; \t") < 0)
        {
            return option;
        }

        // Level 1 by quoting; a quote inside is closed, escaped and reopened ('\'').
        return "'" + option.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    // name=key=value:key=value, each value escaped for the graph.
    public static string Filter(string name, params ReadOnlySpan<(string Key, string Value)> options)
    {
        var text = new System.Text.StringBuilder(name);
        for (int i = 0; i < options.Length; i++)
        {
            text.Append(i == 0 ? '=' : ':').Append(options[i].Key).Append('=').Append(GraphValue(options[i].Value));
        }

        return text.ToString();
    }

    // trimsWhitespace: the parser drops unescaped whitespace at the ends (av_get_token does).
    private static string Escape(string text, string specials, bool trimsWhitespace = true)
    {
        int leading = trimsWhitespace ? text.Length - text.AsSpan().TrimStart().Length : 0;
        int trailing = trimsWhitespace ? text.Length - text.AsSpan().TrimEnd().Length : 0;
        var escaped = new System.Text.StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (specials.Contains(c) || i < leading || i >= text.Length - trailing)
            {
                escaped.Append('\\');
            }

            escaped.Append(text[i]);
        }

        return escaped.ToString();
    }
}
