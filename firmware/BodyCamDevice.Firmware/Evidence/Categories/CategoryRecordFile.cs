// A recording's categories as the camera keeps them: "<recording ID>_categories.jws" beside its
// clips, a flattened JWS (RFC 7515) signed by the device key (ES256, as the manifests) over a
// small JSON record: which categories, which officer set them through what, when, and whether
// that makes the recording evidence. Categories can be set after the clips were sealed, so they
// live here and not in the manifests; each change replaces the file atomically (the audit log
// keeps every change), and the file goes to the store as an object beside the clips.
// docs/evidence-format.md describes it. A device without a signing key (test rigs) writes the
// same record unsecured ("alg": "none", RFC 7515 appendix A.5), which no verifier accepts as signed.
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;

namespace BodyCamDevice.Firmware.Evidence.Categories;

public static class CategoryRecordFile
{
    public const string Format = "bodycam-categories/1";
    public const string MediaType = "application/vnd.bodycam.categories+json";
    public const string Suffix = "_categories.jws";

    public static string PathFor(string recordingsDirectory, string recordingId) => Path.Combine(recordingsDirectory, recordingId + Suffix);

    /// <summary>Writes (replaces) the record durably: a power cut leaves the old record or the new one.</summary>
    /// <param name="key">The device key; null writes the record unsecured.</param>
    public static void Write(string recordingsDirectory, CategoryAssignment assignment, IDeviceSigningKey? key)
    {
        var record = new CategoryRecord(
            Format, assignment.RecordingId, assignment.DeviceSerial, assignment.OfficerId,
            [.. assignment.Categories.Select(category => new CategoryRecordEntry(category.Id, category.Name, category.Evidence))],
            assignment.IsEvidence, assignment.Source,
            assignment.SetUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        var payload = JsonSerializer.SerializeToUtf8Bytes(record, CategoryRecordJsonContext.Default.CategoryRecord);
        var jws = key is null ? Unsecured(payload) : Es256Jws.SignFlattened(key, payload, MediaType);
        AtomicFile.Replace(PathFor(recordingsDirectory, assignment.RecordingId), jws);
    }

    /// <summary>The record of <paramref name="recordingId"/>, or null when it has none.</summary>
    /// <exception cref="FormatException">The file is there but is not such a record.</exception>
    public static CategoryRecord? Read(string recordingsDirectory, string recordingId)
    {
        var path = PathFor(recordingsDirectory, recordingId);
        return File.Exists(path) ? Parse(File.ReadAllBytes(path), path) : null;
    }

    public static CategoryRecord Parse(ReadOnlySpan<byte> file, string what)
    {
        var jws = Es256Jws.ReadFlattened(file);
        CategoryRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(jws.Payload, CategoryRecordJsonContext.Default.CategoryRecord);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"{what}: the payload is not a category record ({exception.Message})", exception);
        }

        return record is { Format: Format, RecordingId.Length: > 0, Categories: not null }
            ? record
            : throw new FormatException($"{what}: not a {Format} record");
    }

    private static byte[] Unsecured(byte[] payload)
    {
        var header = Encoding.UTF8.GetBytes($"{{\"alg\":\"none\",\"typ\":\"{MediaType}\"}}");
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", Es256Jws.Encode(header));
            writer.WriteString("payload", Es256Jws.Encode(payload));
            writer.WriteString("signature", "");
            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return output.ToArray();
    }
}

/// <param name="Evidence">Any of the categories is an evidence category: the store keeps the recording with no expiry.</param>
/// <param name="SetUtc">RFC 3339 UTC, to the millisecond, on the device's clock.</param>
public sealed record CategoryRecord(
    string Format,
    string RecordingId,
    string DeviceSerial,
    string OfficerId,
    IReadOnlyList<CategoryRecordEntry> Categories,
    bool Evidence,
    string Source,
    string SetUtc);

public sealed record CategoryRecordEntry(string Id, string Name, bool Evidence);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CategoryRecord))]
internal sealed partial class CategoryRecordJsonContext : JsonSerializerContext;
