// FFMpegCore hands ffmpeg one argument string (ProcessStartInfo.Arguments), which .NET splits
// back into argv with the Windows rules on every platform: whitespace separates, double quotes
// group, backslashes are literal except before a double quote. Filtergraphs are full of
// backslashes and quotes, so every argument goes through Quote on the way in.
namespace BodyCamDevice.Firmware.Capture.Camera;

internal static class CommandLine
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    // The inverse of .NET's splitting for one argument.
    public static string Quote(string argument)
    {
        if (argument.Length > 0 && argument.AsSpan().IndexOfAny(" \t\n\v\"") < 0)
        {
            return argument;
        }

        var quoted = new System.Text.StringBuilder(argument.Length + 2).Append('"');
        int index = 0;
        while (index < argument.Length)
        {
            char c = argument[index++];
            if (c == '\\')
            {
                int backslashes = 1;
                while (index < argument.Length && argument[index] == '\\')
                {
                    index++;
                    backslashes++;
                }

                // Backslashes are doubled only where a quote follows: an escaped quote inside the
                // argument, or the closing quote at its end.
                bool beforeQuote = index == argument.Length || argument[index] == '"';
                quoted.Append('\\', beforeQuote ? backslashes * 2 : backslashes);
            }
            else if (c == '"')
            {
                quoted.Append("\\\"");
            }
            else
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('"').ToString();
    }
}
