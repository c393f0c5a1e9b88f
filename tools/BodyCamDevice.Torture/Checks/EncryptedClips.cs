// The evidence store's side of encryption, for the torture: an RSA key pair whose private half only
// the torture holds, the connection file that makes a device encrypt to its public half, and the
// decryption of a clip with the openssl command line exactly as docs/evidence-format.md tells a
// store to do it (RSA-OAEP unwraps the AES-256 key of the clip's key object; AES-256-CBC), so
// nothing of the firmware's code judges what it wrote. A sealed clip decrypts with its PKCS#7
// padding and must hash to its manifest's plaintextHash; a clip cut off by a power cut has no
// padding yet and decrypts without it, up to its last whole cipher block.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BodyCamDevice.Torture.Checks;

internal sealed class EncryptedClips
{
    public const string PublicKeyId = "torture-store-key-1";

    private readonly string _privateKeyPath;
    private readonly string _plainDirectory;

    public EncryptedClips(string directory)
    {
        Directory.CreateDirectory(directory);
        using var rsa = RSA.Create(2048);
        _privateKeyPath = Path.Combine(directory, "store-private.pem");
        File.WriteAllText(_privateKeyPath, rsa.ExportPkcs8PrivateKeyPem());
        PublicKeyPem = rsa.ExportSubjectPublicKeyInfoPem();
        _plainDirectory = Directory.CreateDirectory(Path.Combine(directory, "plain")).FullName;
    }

    public string PublicKeyPem { get; }

    /// <summary>Makes a connection file (BWI fields) ask for encryption to our key: WantEncryption, PublicKey (the PEM, base64-encoded) and PublicKeyId.</summary>
    public void AskForEncryption(JsonNode connection)
    {
        connection["WantEncryption"] = true;
        connection["PublicKey"] = PublicKeyField;
        connection["PublicKeyId"] = PublicKeyId;
    }

    private string PublicKeyField => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(PublicKeyPem));

    /// <summary>A connection file (Axis Body Worn Integration) asking for encryption to our key; the store it names is never reached (the device is not docked).</summary>
    public string ConnectionFile() => $$"""
        {
          "ConnectionFileVersion": "1.0",
          "SiteName": "Torture store",
          "ApplicationName": "bodycam-torture",
          "ApplicationVersion": "1",
          "ContentDestinationAsNTPServer": false,
          "AuthenticationTokenURI": ["http://127.0.0.1:9/auth/v1.0"],
          "BlobAPIUserName": "bodycam:uploader",
          "BlobAPIKey": "not-used",
          "ContainerType": "mp4",
          "WantEncryption": true,
          "PublicKey": "{{PublicKeyField}}",
          "PublicKeyId": "{{PublicKeyId}}"
        }
        """;

    /// <summary>Decrypts the clip into a file of its own and returns its path, or null (and the invariant broken) when it does not decrypt as the format says.</summary>
    public string? Decrypt(Trial trial, string clip, Manifest manifest)
    {
        string name = Path.GetFileName(clip);
        string keyObjectPath = Path.ChangeExtension(clip, ".key");
        if (!File.Exists(keyObjectPath))
        {
            trial.Break("encryption", $"{name} has no key object beside it");
            return null;
        }

        byte[] wrappedKey;
        byte[] iv;
        try
        {
            using var keyObject = JsonDocument.Parse(File.ReadAllBytes(keyObjectPath));
            wrappedKey = Convert.FromBase64String(keyObject.RootElement.GetProperty("EncryptedKey").GetString()!);
            iv = Convert.FromBase64String(keyObject.RootElement.GetProperty("ContentEncryptionIV").GetString()!);
        }
        catch (Exception exception) when (exception is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            trial.Break("encryption", $"{Path.GetFileName(keyObjectPath)} is not a readable key object: {exception.Message}");
            return null;
        }

        var (keyExit, key, keyError) = Openssl(wrappedKey, "pkeyutl", "-decrypt", "-inkey", _privateKeyPath, "-pkeyopt", "rsa_padding_mode:oaep");
        if (keyExit != 0 || key.Length != 32)
        {
            trial.Break("encryption", $"{name}: the store's private key does not unwrap a 32-byte key (openssl exit {keyExit}, {key.Length} bytes): {keyError}");
            return null;
        }

        byte[] cipher = File.ReadAllBytes(clip);
        bool torn = manifest.Interrupted;
        if (cipher.Length % 16 != 0)
        {
            trial.Log($"{name}: {cipher.Length} bytes, not whole cipher blocks; decrypting the first {cipher.Length / 16 * 16}");
            cipher = cipher[..(cipher.Length / 16 * 16)];
        }

        var arguments = new List<string> { "enc", "-d", "-aes-256-cbc", "-K", Convert.ToHexString(key), "-iv", Convert.ToHexString(iv) };
        if (torn)
        {
            arguments.Add("-nopad");
        }

        var (exit, plain, error) = Openssl(cipher, [.. arguments]);
        if (exit != 0)
        {
            trial.Break("encryption", $"{name} does not decrypt{(torn ? " (cut off, without padding)" : "")}: openssl exit {exit}: {error}");
            return null;
        }

        if (manifest.Payload.GetProperty("file").TryGetProperty("plaintextHash", out var expected) && expected.ValueKind == JsonValueKind.String
            && Convert.ToHexStringLower(SHA256.HashData(plain)) != expected.GetString())
        {
            trial.Break("encryption", $"{name} decrypts to bytes whose SHA-256 is not the manifest's plaintextHash");
        }

        string plainPath = Path.Combine(_plainDirectory, name);
        File.WriteAllBytes(plainPath, plain);
        return plainPath;
    }

    private static (int Exit, byte[] Output, string Error) Openssl(byte[] input, params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        return (process.ExitCode, output.ToArray(), error.Result.Trim());
    }
}
