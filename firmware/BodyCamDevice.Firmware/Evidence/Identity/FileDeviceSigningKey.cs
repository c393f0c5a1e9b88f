// The device's signing key in a file of the state directory (identity/device-key.pem: PKCS#8 PEM,
// mode 0600 in a 0700 directory, owned by the service user). Made on the device, at the first
// start or by `bodycam identity create`, and never written anywhere else: not into the
// configuration, not into a log, not into an exception message. A key file that others can read
// is refused, as ssh refuses such keys: it would no longer identify this device alone.
//
// Ownership: owns the ECDsa object (disposed with this). Threads: signing is thread-safe.
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Evidence.Identity;

public sealed class FileDeviceSigningKey : IDeviceSigningKey, IDisposable
{
    public const string DirectoryName = "identity";
    public const string FileName = "device-key.pem";

    // The public half, beside it and readable by all, for `bodycam verify` run by another user.
    public const string PublicFileName = "device-key.pub.pem";

    // Group and others may not read, write or run it.
    private const UnixFileMode OthersMayUse =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    private FileDeviceSigningKey(string path, ECDsa key)
    {
        Path = path;
        _key = key;
        byte[] publicKey = key.ExportSubjectPublicKeyInfo();
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", publicKey) + "\n";
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(publicKey));
    }

    public string Path { get; }

    public string PublicKeyPem { get; }

    public string Fingerprint { get; }

    public static string PathIn(string stateDirectory) =>
        System.IO.Path.Combine(stateDirectory, DirectoryName, FileName);

    public static string PublicPathIn(string stateDirectory) =>
        System.IO.Path.Combine(stateDirectory, DirectoryName, PublicFileName);

    // Makes a new key pair and writes it to `path`, which must not exist: an identity is never
    // replaced by accident (a new one orphans every signature made with the old one).
    public static FileDeviceSigningKey Create(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path))
        {
            throw new DeviceIdentityException($"a device identity already exists at {path}; it is never replaced (move it away first if this device must get a new one)");
        }

        string directory = System.IO.Path.GetDirectoryName(path)!;
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            CreatePrivateDirectory(directory);
            char[] pem = PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey());
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var file = new FileStream(path, options))
                {
                    file.Write(System.Text.Encoding.ASCII.GetBytes(pem));
                    file.WriteByte((byte)'\n');
                    file.Flush(flushToDisk: true);
                }
            }
            finally
            {
                Array.Clear(pem);
            }

            var created = new FileDeviceSigningKey(path, key);
            AtomicFile.Replace(System.IO.Path.Combine(directory, PublicFileName), System.Text.Encoding.ASCII.GetBytes(created.PublicKeyPem));
            return created;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            key.Dispose();
            throw new DeviceIdentityException($"cannot create the device identity at {path}: {exception.Message}", exception);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    // Reads the key at `path`; every way it can be unusable is a DeviceIdentityException saying
    // which.
    public static FileDeviceSigningKey Load(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(path))
        {
            throw new DeviceIdentityException($"cannot read the device identity {path}: it is a directory, not a key file");
        }

        if (!File.Exists(path))
        {
            throw new DeviceIdentityException($"no device identity at {path}: make one with `bodycam identity create` (the device also makes one at its first start)");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayUse) != 0)
        {
            throw new DeviceIdentityException(
                $"the device identity {path} is accessible to group or others (mode {Convert.ToString((int)File.GetUnixFileMode(path), 8)}): it must be readable by the service user alone (chmod 600)");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DeviceIdentityException($"cannot read the device identity {path}: {exception.Message}", exception);
        }

        return new FileDeviceSigningKey(path, Parse(text, path));
    }

    // Load when the file exists, else Create: the device's first start.
    public static FileDeviceSigningKey LoadOrCreate(string path) =>
        File.Exists(path) || Directory.Exists(path) ? Load(path) : Create(path);

    public byte[] SignDigest(ReadOnlySpan<byte> sha256Digest)
    {
        if (sha256Digest.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"a SHA-256 digest has {SHA256.HashSizeInBytes} bytes, not {sha256Digest.Length}", nameof(sha256Digest));
        }

        lock (_gate)
        {
            return _key.SignHash(sha256Digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }

    public void Dispose() => _key.Dispose();

    public override string ToString() => $"device key {Fingerprint} ({Path})";

    private static ECDsa Parse(string text, string path)
    {
        if (!PemEncoding.TryFind(text, out PemFields fields))
        {
            throw new DeviceIdentityException($"the device identity {path} is not a PEM file (expected \"-----BEGIN PRIVATE KEY-----\")");
        }

        string label = text[fields.Label];
        if (label is not ("PRIVATE KEY" or "EC PRIVATE KEY"))
        {
            throw new DeviceIdentityException($"the device identity {path} holds a PEM \"{label}\", not an ECDSA P-256 private key (\"PRIVATE KEY\")");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
        }
        catch (CryptographicException exception)
        {
            key.Dispose();
            throw new DeviceIdentityException($"the device identity {path} is not an ECDSA private key ({KindOf(text)})", exception);
        }
        catch (ArgumentException exception)
        {
            key.Dispose();
            throw new DeviceIdentityException($"the device identity {path} is malformed: {exception.Message}", exception);
        }

        string? curve = key.ExportParameters(includePrivateParameters: false).Curve.Oid?.Value;
        if (curve != P256Oid)
        {
            key.Dispose();
            throw new DeviceIdentityException($"the device identity {path} is an ECDSA key on curve {curve ?? "(unnamed)"} ({key.KeySize} bits), not P-256");
        }

        return key;
    }

    // What a PEM private key that ECDsa refused is, for the message.
    private static string KindOf(string text)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
            return $"it is an RSA key of {rsa.KeySize} bits";
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            return "its contents are not a valid key";
        }
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
