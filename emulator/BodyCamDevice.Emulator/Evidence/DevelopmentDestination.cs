// The emulator's development evidence store key pair: an RSA-2048 key made once per emulated
// camera (in its state folder, mode 0600), whose public half the camera encrypts its clips to
// (`--encrypt`) and whose private half decrypts them again for the page's playback. A real device
// never holds a store's private key; this one exists so a developer can watch what the camera
// encrypted, exactly as the evidence store would decrypt it (docs/evidence-format.md: the key
// object's EncryptedKey unwrapped with RSA-OAEP SHA-1, the content AES-256-CBC).
// Ownership: owns the RSA key. Threads: Decrypt may run on several request threads at once.
using System.Security.Cryptography;
using System.Text.Json;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Emulator.Evidence;

internal sealed class DevelopmentDestination : IDisposable
{
    /// <summary>The key's name in the configuration, the key objects and the manifests.</summary>
    public const string KeyId = "bodycam-emulator-development";

    public const string FileName = "development-store-key.pem";

    private readonly RSA _key;

    private DevelopmentDestination(RSA key, string path)
    {
        _key = key;
        PrivateKeyPath = path;
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    /// <summary>Where the private key is (PEM, PKCS#8): what `openssl pkeyutl -inkey` takes.</summary>
    public string PrivateKeyPath { get; }

    public string PublicKeyPem { get; }

    /// <summary>The key pair in <paramref name="stateDirectory"/>, made there at the first use.</summary>
    /// <exception cref="InvalidDataException">The file there is not an RSA private key in PEM.</exception>
    public static DevelopmentDestination LoadOrCreate(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        string path = Path.Combine(stateDirectory, FileName);
        var key = RSA.Create();
        try
        {
            if (File.Exists(path))
            {
                try
                {
                    key.ImportFromPem(File.ReadAllText(path));
                }
                catch (ArgumentException exception)
                {
                    throw new InvalidDataException($"{path}: not an RSA private key in PEM ({exception.Message}); remove it to have a new one made", exception);
                }
            }
            else
            {
                key.KeySize = 2048;
                string temporary = path + ".tmp";
                File.WriteAllText(temporary, key.ExportPkcs8PrivateKeyPem());
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                File.Move(temporary, path, overwrite: false);
            }

            return new DevelopmentDestination(key, path);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Has the camera encrypt to this key.</summary>
    public void Apply(DeviceOptions options)
    {
        options.Encryption.Enabled = true;
        options.Encryption.PublicKey = PublicKeyPem;
        options.Encryption.PublicKeyId = KeyId;
    }

    /// <summary>
    /// Decrypts <paramref name="clipPath"/> with the key object beside it into <paramref name="output"/>.
    /// A sealed clip ends in PKCS#7 padding; one cut off before it was sealed (<paramref name="sealedWithPadding"/>
    /// false) has none, and decrypts up to its last whole 16-byte block.
    /// </summary>
    /// <exception cref="InvalidDataException">The key object is not for this key, or does not decrypt.</exception>
    public void Decrypt(string clipPath, string keyObjectPath, bool sealedWithPadding, Stream output)
    {
        (byte[] contentKey, byte[] iv) = Unwrap(keyObjectPath);

        try
        {
            using var aes = Aes.Create();
            aes.Key = contentKey;
            aes.IV = iv;
            aes.Mode = CipherMode.CBC;
            aes.Padding = sealedWithPadding ? PaddingMode.PKCS7 : PaddingMode.None;
            using FileStream clip = File.OpenRead(clipPath);
            using ICryptoTransform decryptor = aes.CreateDecryptor();
            using var plain = new CryptoStream(output, decryptor, CryptoStreamMode.Write, leaveOpen: true);
            CopyBytes(clip, plain, clip.Length / 16 * 16);
            plain.FlushFinalBlock();
        }
        catch (CryptographicException exception)
        {
            throw new InvalidDataException($"{Path.GetFileName(clipPath)}: does not decrypt with its key object ({exception.Message})", exception);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(contentKey);
        }
    }

    /// <summary>Checks that the key object is for this key and its content key unwraps, before a clip is fetched to decrypt.</summary>
    /// <exception cref="InvalidDataException">The key object is not for this key, or does not unwrap.</exception>
    public void CheckKeyObject(string keyObjectPath) => CryptographicOperations.ZeroMemory(Unwrap(keyObjectPath).ContentKey);

    public void Dispose() => _key.Dispose();

    private (byte[] ContentKey, byte[] Iv) Unwrap(string keyObjectPath)
    {
        (byte[] wrapped, byte[] iv) = ReadKeyObject(keyObjectPath);
        try
        {
            return (_key.Decrypt(wrapped, RSAEncryptionPadding.OaepSHA1), iv);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidDataException($"{Path.GetFileName(keyObjectPath)}: the content key does not unwrap with the development key ({exception.Message})", exception);
        }
    }

    private static void CopyBytes(Stream from, Stream to, long count)
    {
        byte[] buffer = new byte[64 * 1024];
        while (count > 0)
        {
            int read = from.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                break;
            }

            to.Write(buffer, 0, read);
            count -= read;
        }
    }

    private (byte[] Wrapped, byte[] Iv) ReadKeyObject(string path)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            string? id = root.GetProperty("PublicKeyId").GetString();
            if (id != KeyId)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: encrypted to key \"{id}\", not to the development key \"{KeyId}\"");
            }

            byte[] iv = Convert.FromBase64String(root.GetProperty("ContentEncryptionIV").GetString() ?? "");
            if (iv.Length != 16)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}: ContentEncryptionIV has {iv.Length} bytes, not 16");
            }

            return (Convert.FromBase64String(root.GetProperty("EncryptedKey").GetString() ?? ""), iv);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: not a key object ({exception.Message})", exception);
        }
    }
}
