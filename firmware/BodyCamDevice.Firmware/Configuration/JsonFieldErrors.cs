// Turns System.Text.Json's exceptions into errors that name the field and echo its value, the way
// the validators do: an unknown member by its dotted path, a wrong type or malformed value with the
// raw JSON found there and the line and column. Shared by every JSON file the device reads from
// people (the configuration, the evidence store's connection file).
using System.Text.Json;

namespace BodyCamDevice.Firmware.Configuration;

internal static class JsonFieldErrors
{
    /// <param name="hidden">Fields whose value must never be echoed (secrets): "(hidden)" is shown.</param>
    public static ConfigurationError Describe(string json, JsonException exception, IReadOnlySet<string>? hidden = null)
    {
        var path = exception.Path ?? "$";
        var field = path == "$" ? "(root)" : path.TrimStart('$', '.');
        var problem = exception.Message;

        // System.Text.Json reports an unknown member with the path of its parent object.
        const string unmapped = "could not be mapped to any .NET member";
        if (problem.Contains(unmapped, StringComparison.Ordinal))
        {
            var start = problem.IndexOf('\'') + 1;
            var end = problem.IndexOf('\'', start);
            var name = end > start ? problem[start..end] : "?";
            // Depending on where the reader stopped, the path may already end with the member.
            var named = field == "(root)" ? name : field == name || field.EndsWith("." + name, StringComparison.Ordinal) ? field : $"{field}.{name}";
            return new(named, Shown(named, RawValueAt(json, "$." + named) ?? "(present)", hidden), "is not a known setting");
        }

        var value = Shown(field, RawValueAt(json, path) ?? "?", hidden);
        var cut = problem.IndexOf(" Path:", StringComparison.Ordinal);
        var where = exception.LineNumber is { } line ? $" (line {line + 1}, column {exception.BytePositionInLine + 1})" : "";
        return new(field, value, Plain(cut > 0 ? problem[..cut] : problem) + where);
    }

    // The serializer words its messages for programmers ("could not be converted to
    // System.Nullable`1[System.Boolean]"); a person editing the file needs the JSON type.
    private static string Plain(string problem)
    {
        if (problem.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return "is given twice: which one would win is not for a reader of the file to guess";
        }

        const string conversion = "The JSON value could not be converted to ";
        if (!problem.StartsWith(conversion, StringComparison.Ordinal))
        {
            return problem;
        }

        var type = problem[conversion.Length..].TrimEnd('.');
        return type switch
        {
            _ when type.EndsWith("System.Boolean]", StringComparison.Ordinal) || type == "System.Boolean" => "must be true or false (without quotes)",
            "System.String" => "must be text in quotes",
            _ when type.StartsWith("System.Collections.Generic.List`1[System.String]", StringComparison.Ordinal) => "must be a list of texts: [\"…\", \"…\"]",
            _ when type.Contains("System.Int32", StringComparison.Ordinal) || type.Contains("System.Double", StringComparison.Ordinal) => "must be a number",
            _ => problem,
        };
    }

    private static string Shown(string field, string value, IReadOnlySet<string>? hidden) =>
        hidden is not null && hidden.Contains(field) ? "(hidden)" : value;

    private static string? RawValueAt(string json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var element = document.RootElement;
            foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                // "Name" or "Name[3]" (an array item).
                var bracket = part.IndexOf('[');
                var name = bracket < 0 ? part : part[..bracket];
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
                {
                    return null;
                }

                if (bracket >= 0)
                {
                    if (!int.TryParse(part.AsSpan(bracket + 1, part.Length - bracket - 2), out var index)
                        || element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
                    {
                        return null;
                    }

                    element = element[index];
                }
            }

            return element.GetRawText();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
