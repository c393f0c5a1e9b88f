// The JSON key object written beside each encrypted file, as the Axis Body Worn Integration API
// has it: the content key wrapped to the evidence store's public key, the IV, and the key's id,
// each base64, one member per line (the BWI's decrypt script reads them with grep and cut):
//   {
//     "EncryptedKey": "…",
//     "ContentEncryptionIV": "…",
//     "PublicKeyId": "…"
//   }
// Written before the file's first byte, atomically and never over an existing one.
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BodyCamDevice.Firmware.Evidence.Encryption;

public static class KeyObject
{
    public const string Extension = ".key";

    public static byte[] Format(ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> iv, string publicKeyId)
    {
        var output = new MemoryStream();
        // Relaxed escaping: base64's '+' stays '+', so grep, cut and base64 -d read the values.
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("EncryptedKey", Convert.ToBase64String(wrappedKey));
            writer.WriteString("ContentEncryptionIV", Convert.ToBase64String(iv));
            writer.WriteString("PublicKeyId", publicKeyId);
            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return output.ToArray();
    }

    // Writes it to `path` (temporary file, fsync, rename without overwriting, directory fsync);
    // returns the SHA-256 of what was written, lower-case hex.
    public static string Write(string path, ReadOnlySpan<byte> content)
    {
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        Capture.Recording.DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }

    // The public key id of a key object (to describe a torn clip); null when it cannot be read.
    public static string? ReadPublicKeyId(ReadOnlySpan<byte> content)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(content.ToArray());
            return document.RootElement.TryGetProperty("PublicKeyId", out JsonElement id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
