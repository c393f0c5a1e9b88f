// The GNSS track object's body as the API publishes it: {"CoordinateEntries":[{"LocationWKT":
// "POINT(<lon> <lat>)","SecondsFromStart":64.0,"Timestamp":"2022-08-23T11:48:10Z"}]}, seconds
// counted from the recording's start (pre-roll included). Written with Utf8JsonWriter: no
// reflection on the trimmed build.
using System.Globalization;
using System.Text.Json;
using BodyCamDevice.Firmware.Offload.Recordings;

namespace BodyCamDevice.Firmware.Offload.Bwi;

public static class GnssTrackJson
{
    public static byte[] Write(IReadOnlyList<OffloadTrackPoint> points, DateTimeOffset recordingStart)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("CoordinateEntries");
            foreach (var point in points)
            {
                writer.WriteStartObject();
                writer.WriteString("LocationWKT", string.Create(CultureInfo.InvariantCulture, $"POINT({point.Longitude:0.######} {point.Latitude:0.######})"));
                writer.WriteNumber("SecondsFromStart", Math.Round((point.Utc - recordingStart).TotalSeconds, 1));
                writer.WriteString("Timestamp", point.Utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
