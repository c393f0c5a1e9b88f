// Writes every time on the wire as UTC ISO-8601 with a Z and milliseconds
// ("2026-03-01T09:00:01.250Z"), the form the audit log and manifests use; reads any ISO-8601, and
// anything else is a JsonException (a request's error names the field), never a FormatException.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BodyCamDevice.ControlApi.Contracts;

public sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
        && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new JsonException("must be an ISO-8601 time, e.g. \"2026-03-01T09:00:00Z\"");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
