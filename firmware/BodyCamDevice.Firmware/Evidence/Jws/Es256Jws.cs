// JSON Web Signatures (RFC 7515) with ES256 (RFC 7518, 3.4: ECDSA P-256 over SHA-256, the
// signature r‖s, 64 bytes), in the two standard serialisations: the flattened JSON one
// ({"protected","payload","signature"}, 7.2.2) for clip manifests, the compact one
// (header.payload.signature, 7.1) for audit checkpoints. The protected header names the
// algorithm, the type and the key ("kid": its SHA-256 fingerprint). Any JOSE library, or a few
// lines of Node's crypto, verifies them with the device's public key alone.
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BodyCamDevice.Firmware.Evidence.Identity;

namespace BodyCamDevice.Firmware.Evidence.Jws;

public static class Es256Jws
{
    public const string Algorithm = "ES256";

    // Flattened JWS JSON serialisation of `payload`, indented, ending in a newline.
    public static byte[] SignFlattened(IDeviceSigningKey key, ReadOnlySpan<byte> payload, string type)
    {
        (string header, string body, string signature) = Sign(key, payload, type);
        var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", header);
            writer.WriteString("payload", body);
            writer.WriteString("signature", signature);
            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
        return output.ToArray();
    }

    // Compact serialisation: BASE64URL(header).BASE64URL(payload).BASE64URL(signature).
    public static string SignCompact(IDeviceSigningKey key, ReadOnlySpan<byte> payload, string type)
    {
        (string header, string body, string signature) = Sign(key, payload, type);
        return $"{header}.{body}.{signature}";
    }

    // Reads a flattened JWS JSON object. Throws FormatException naming what is missing or broken.
    public static JwsParts ReadFlattened(ReadOnlySpan<byte> json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a JWS in JSON form is an object");
            }

            return Parts(Member(root, "protected"), Member(root, "payload"), Member(root, "signature"));
        }
        catch (JsonException exception)
        {
            throw new FormatException($"not JSON: {exception.Message}", exception);
        }
    }

    public static JwsParts ReadCompact(string compact)
    {
        string[] parts = compact.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException($"a compact JWS has three parts separated by '.', this has {parts.Length}");
        }

        return Parts(parts[0], parts[1], parts[2]);
    }

    // Whether a flattened JWS JSON object (by its members), without parsing it further.
    public static bool LooksFlattened(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool payload = false, signature = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                payload |= reader.ValueTextEquals("payload");
                signature |= reader.ValueTextEquals("signature");
                reader.Read();
                reader.TrySkip();
            }

            return payload && signature;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // Verifies the signature with `publicKey`, and that the header says ES256.
    public static bool Verify(JwsParts jws, ECDsa publicKey) =>
        jws.Algorithm == Algorithm
        && jws.Signature.Length == 64
        && publicKey.VerifyData(jws.SigningInput, jws.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static string Encode(ReadOnlySpan<byte> data) => Base64Url.EncodeToString(data);

    public static byte[] Decode(string text, string what)
    {
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"{what} is not base64url", exception);
        }
    }

    private static (string Header, string Payload, string Signature) Sign(IDeviceSigningKey key, ReadOnlySpan<byte> payload, string type)
    {
        var headerBytes = new MemoryStream();

        // Relaxed escaping keeps the '+' of the media type as it is ("…+json", not "…\u002Bjson").
        using (var writer = new Utf8JsonWriter(headerBytes, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", Algorithm);
            writer.WriteString("typ", type);
            writer.WriteString("kid", key.Fingerprint);
            writer.WriteEndObject();
        }

        string header = Encode(headerBytes.ToArray());
        string body = Encode(payload);
        byte[] digest = SHA256.HashData(Encoding.ASCII.GetBytes($"{header}.{body}"));
        return (header, body, Encode(key.SignDigest(digest)));
    }

    private static string Member(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"the JWS has no \"{name}\" string");

    private static JwsParts Parts(string header, string payload, string signature)
    {
        byte[] headerJson = Decode(header, "the protected header");
        string? algorithm, type, keyId;
        try
        {
            using JsonDocument document = JsonDocument.Parse(headerJson);
            JsonElement root = document.RootElement;
            algorithm = Text(root, "alg");
            type = Text(root, "typ");
            keyId = Text(root, "kid");
        }
        catch (JsonException exception)
        {
            throw new FormatException($"the protected header is not JSON: {exception.Message}", exception);
        }

        return new JwsParts(
            algorithm, type, keyId, Decode(payload, "the payload"), Decode(signature, "the signature"),
            Encoding.ASCII.GetBytes($"{header}.{payload}"));
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}

// A JWS taken apart: the header's alg, typ and kid, the decoded payload and signature, and the
// signing input (ASCII of BASE64URL(header) '.' BASE64URL(payload)) the signature covers.
public sealed record JwsParts(string? Algorithm, string? Type, string? KeyId, byte[] Payload, byte[] Signature, byte[] SigningInput);
