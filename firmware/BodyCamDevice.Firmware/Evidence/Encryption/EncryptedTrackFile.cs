// Where an encrypted clip's camera was: on a device that encrypts, a clip's locations (at the
// trigger, at the stop, and its GNSS track) would tell anyone holding the card where the footage
// was taken, so they leave the manifest and go into a file of their own beside the clip,
// `<recording>_clipNN_gpstrail.json`, encrypted exactly as the clip is (a fresh AES-256 key and
// IV, AES-256-CBC with PKCS#7 padding, the key wrapped RSA-OAEP to the store's key in
// `<recording>_clipNN_gpstrail.key`). The manifest keeps the hashes (ManifestEncryptedTrack).
//
// The plaintext is the Axis Body Worn Integration API's GNSS track body, {"CoordinateEntries":
// [{"LocationWKT": "POINT(lon lat)", "SecondsFromStart": s, "Timestamp": "…Z"}]} (positions
// only, seconds from the clip's start), with the manifest's own location records beside it under
// "bodycam" (fixes and moments without one, as the manifest would have held them), so the store
// takes the object as it is and nothing the manifest would have said is lost.
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Firmware.Evidence.Encryption;

public static class EncryptedTrackFile
{
    public static string FileName(string recordingId, int clipIndex) =>
        string.Create(CultureInfo.InvariantCulture, $"{recordingId}_clip{clipIndex:D2}_gpstrail.json");

    public static string KeyObjectName(string trackFileName) => Path.ChangeExtension(trackFileName, KeyObject.Extension);

    /// <summary>The plaintext: the BWI track body, the manifest's location records under "bodycam".</summary>
    public static byte[] Format(DateTimeOffset clipStart, ManifestLocation? atTriggerOn, ManifestLocation? atTriggerOff, ManifestTrack? track)
    {
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("CoordinateEntries");
            foreach (ManifestLocation point in track?.Points ?? [])
            {
                if (point is not { Fix: true, Latitude: { } latitude, Longitude: { } longitude })
                {
                    continue;
                }

                DateTimeOffset sampled = DateTimeOffset.Parse(point.SampledUtc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                writer.WriteStartObject();
                writer.WriteString("LocationWKT", string.Create(CultureInfo.InvariantCulture, $"POINT({longitude} {latitude})"));
                writer.WriteNumber("SecondsFromStart", Math.Round(Math.Max(0, (sampled - clipStart).TotalSeconds), 3));
                writer.WriteString("Timestamp", point.SampledUtc);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("bodycam");
            writer.WriteStartObject();
            writer.WritePropertyName("locationAtTriggerOn");
            JsonSerializer.Serialize(writer, atTriggerOn, ManifestJson.Context.ManifestLocation);
            writer.WritePropertyName("locationAtTriggerOff");
            JsonSerializer.Serialize(writer, atTriggerOff, ManifestJson.Context.ManifestLocation);
            writer.WritePropertyName("track");
            JsonSerializer.Serialize(writer, track, ManifestJson.Context.ManifestTrack);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return output.ToArray();
    }

    /// <summary>
    /// Encrypts <paramref name="plaintext"/> to <paramref name="destination"/> into
    /// <paramref name="directory"/>: the key object first, then the file, each written to a
    /// temporary name, synced and renamed. The plain content key is cleared before this returns.
    /// </summary>
    public static ManifestEncryptedTrack Write(string directory, string fileName, ReadOnlySpan<byte> plaintext, DestinationKey destination)
    {
        using var aes = Aes.Create();
        aes.KeySize = 256;
        aes.GenerateKey();
        byte[] iv = RandomNumberGenerator.GetBytes(16);
        byte[] key = aes.Key;
        byte[] wrapped;
        try
        {
            wrapped = destination.Wrap(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        string keyObjectName = KeyObjectName(fileName);
        string keyObjectSha256 = KeyObject.Write(Path.Combine(directory, keyObjectName), KeyObject.Format(wrapped, iv, destination.KeyId));
        byte[] ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        string path = Path.Combine(directory, fileName);
        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(ciphertext);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new ManifestEncryptedTrack(
            fileName, ciphertext.LongLength, Convert.ToHexStringLower(SHA256.HashData(ciphertext)),
            Convert.ToHexStringLower(SHA256.HashData(plaintext)), keyObjectName, keyObjectSha256);
    }
}
