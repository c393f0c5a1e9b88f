// Writes a clip's manifest atomically: to a temporary file beside it, fsync, rename onto
// "<clip>.json" (never over an existing one), fsync of the directory. A reader, an offload or a
// power cut sees either no manifest or the whole of it. Serialisation is source-generated, so it
// needs no reflection on the trimmed device build.
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BodyCamDevice.Firmware.Core.Location;

namespace BodyCamDevice.Firmware.Capture.Recording;

public static class ManifestJson
{
    // Relaxed escaping keeps quotes, '+' and non-ASCII text (an officer's ID, a note) readable;
    // the manifest is a file for people and tools, never embedded in HTML.
    internal static readonly ManifestJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] Serialize(ClipManifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, Context.ClipManifest);

    // A manifest file in either form: signed (a flattened JWS whose payload is the manifest, see
    // ManifestSealer) or plain JSON. The signature is not checked here; EvidenceVerifier does that.
    public static ClipManifest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(PayloadOf(json), Context.ClipManifest)
        ?? throw new JsonException("empty manifest");

    // The manifest JSON inside a manifest file: the JWS payload of a signed one, else the file.
    public static ReadOnlySpan<byte> PayloadOf(ReadOnlySpan<byte> file)
    {
        if (!Evidence.Jws.Es256Jws.LooksFlattened(file))
        {
            return file;
        }

        try
        {
            return Evidence.Jws.Es256Jws.ReadFlattened(file).Payload;
        }
        catch (FormatException exception)
        {
            throw new JsonException($"signed manifest unreadable: {exception.Message}", exception);
        }
    }

    public static void WriteAtomically(string path, ClipManifest manifest) => WriteAtomically(path, Serialize(manifest));

    // The same for bytes already made (a signed manifest).
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        string temporary = path + ".tmp";

        // A leftover temporary file is a manifest write that never finished; it is replaced.
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    // RFC 3339 in UTC with millisecond precision, e.g. 2026-03-01T09:00:00.000Z.
    public static string Utc(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static ManifestEvent Event(string reason, DateTimeOffset time) =>
        new(reason, time.ToUnixTimeMilliseconds(), Utc(time));

    public static ManifestLocation? Location(LocationSample? sample) => sample is null ? null : new(
        sample.HasFix,
        sample.Fix?.Quality,
        sample.HasFix ? sample.Fix!.Latitude : null,
        sample.HasFix ? sample.Fix!.Longitude : null,
        sample.HasFix ? sample.Fix!.AltitudeMeters : null,
        sample.Fix?.Satellites,
        sample.Fix?.Hdop,
        sample.Fix?.ReceiverUtc is { } fixTime ? Utc(fixTime) : null,
        Utc(sample.SampledUtc),
        sample.AgeSeconds,
        sample.Note);
}

[JsonSerializable(typeof(ClipManifest))]
[JsonSerializable(typeof(ManifestClockSync))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
