// Turns what ASP.NET Core and System.Text.Json say about a request they could not bind into what
// a rig script's author needs to read: the field, what it must be, and the fields the request
// takes. Their own messages name .NET types ("could not be mapped to any .NET member contained in
// type 'BodyCamDevice…LevelRequest'"), which say nothing to someone writing JSON.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using BodyCamDevice.ControlApi.Contracts;
using Microsoft.AspNetCore.Http;

namespace BodyCamDevice.ControlApi.Http;

internal static partial class RequestErrors
{
    public static string TooLarge { get; } =
        string.Create(CultureInfo.InvariantCulture, $"The request body is larger than {RequestLimits.LargestBodyBytes} bytes, the most this API takes.");

    // The request bodies, by their .NET names, for the fields each takes.
    private static readonly Type[] RequestTypes =
        [typeof(LevelRequest), typeof(PressRequest), typeof(DockRequest), typeof(BatteryRequest), typeof(StorageRequest), typeof(FaultRequest), typeof(GnssRequest), typeof(RtcRequest), typeof(CategoriesRequest)];

    public static string NotJson(string? contentType) =>
        $"The body must be JSON with Content-Type: application/json, not {(string.IsNullOrEmpty(contentType) ? "none" : $"'{contentType}'")}.";

    public static string Describe(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge;
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return NotJson(QuotedIn(exception.Message));
        }

        if (exception.InnerException is JsonException json)
        {
            return Describe(json);
        }

        var message = exception.Message;
        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var type = bind.Groups["type"].Value;
            return $"{bind.Groups["name"].Value} must be {(type.StartsWith("double", StringComparison.Ordinal) ? "a number" : "a whole number")}, not '{bind.Groups["value"].Value}'.";
        }

        if (message.Contains("was not provided", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal))
        {
            return "This request needs a JSON body (docs/control-api.md shows it).";
        }

        return message;
    }

    private static string Describe(JsonException exception)
    {
        var field = exception.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null;
        var message = exception.Message;
        if (Unmapped().Match(message) is { Success: true } unmapped)
        {
            return $"Unknown field '{unmapped.Groups["name"].Value}'{Takes(unmapped.Groups["type"].Value)}.";
        }

        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return $"Missing field '{missing.Groups["name"].Value}'{Takes(missing.Groups["type"].Value)}.";
        }

        if (field is not null && Conversion().Match(message) is { Success: true } conversion)
        {
            // The message names the field's type, or (read through a constructor) the request's.
            var type = conversion.Groups["type"].Value.TrimEnd('.');
            var property = Properties(type).FirstOrDefault(property => string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase));
            return $"{field} must be {Expected(property?.PropertyType ?? PrimitiveNamed(type))}.";
        }

        // A converter's own words ("must be an ISO-8601 time") or the reader's syntax error.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = cut > 0 ? message[..cut] : message;
        if (field is not null && text.StartsWith("must ", StringComparison.Ordinal))
        {
            return $"{field} {text.TrimEnd('.')}.";
        }

        var where = exception.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {exception.BytePositionInLine + 1})") : "";
        return $"The body is not valid JSON{where}: {text}";
    }

    // "; this request takes active, atMs" for a request type the API knows.
    private static string Takes(string typeName) =>
        Properties(typeName) is { Count: > 0 } properties ? $"; this request takes {string.Join(", ", properties.Select(property => property.Name))}" : "";

    private static IList<JsonPropertyInfo> Properties(string typeName) =>
        RequestTypes.FirstOrDefault(type => type.FullName == typeName) is { } known
        && ControlApiJson.Options.GetTypeInfo(known) is { Kind: JsonTypeInfoKind.Object } info
            ? info.Properties
            : [];

    private static Type? PrimitiveNamed(string name) => name switch
    {
        "System.Boolean" => typeof(bool),
        "System.Int32" => typeof(int),
        "System.Int64" => typeof(long),
        "System.Double" => typeof(double),
        "System.String" => typeof(string),
        "System.DateTimeOffset" => typeof(DateTimeOffset),
        _ => null,
    };

    private static string Expected(Type? type) => (Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type) switch
    {
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(int) => "a whole number from -2147483648 to 2147483647",
        var t when t == typeof(long) => "a whole number",
        var t when t == typeof(double) => "a number",
        var t when t == typeof(string) => "a text in double quotes",
        var t when t == typeof(DateTimeOffset) => "an ISO-8601 time in double quotes",
        _ => "a value of another type",
    };

    private static string? QuotedIn(string message) => message.IndexOf('"') is var start and >= 0 && message.IndexOf('"', start + 1) is var end and > 0 ? message[(start + 1)..end] : null;

    [GeneratedRegex("""parameter "(?<type>[^ "]+) (?<name>[^"]+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']*)'""")]
    private static partial Regex Unmapped();

    [GeneratedRegex("""type '(?<type>[^']*)' was missing required properties including: '(?<name>[^']*)'""")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("""could not be converted to (?<type>\S+?)\.? Path:""")]
    private static partial Regex Conversion();
}
