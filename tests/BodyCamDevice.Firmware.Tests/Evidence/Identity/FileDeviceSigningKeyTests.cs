// The device key in its file: made readable by the owner alone, loaded back as the same key, its
// fingerprint what openssl computes, its signatures checked by Node; and every way the file can
// be unusable refused with a message naming the file and the problem, never the key.
using System.Security.Cryptography;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;

namespace BodyCamDevice.Firmware.Tests.Evidence.Identity;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FileDeviceSigningKeyTests
{
    private string _state = null!;
    private string _path = null!;

    [SetUp]
    public void CreateStateDirectory()
    {
        _state = Directory.CreateTempSubdirectory("bodycam-identity-").FullName;
        _path = FileDeviceSigningKey.PathIn(_state);
    }

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    public void A_new_key_is_readable_by_its_owner_alone_and_loads_back_as_the_same_key()
    {
        string fingerprint;
        using (var created = FileDeviceSigningKey.Create(_path))
        {
            fingerprint = created.Fingerprint;
        }

        Assert.That(File.GetUnixFileMode(_path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(File.GetUnixFileMode(Path.GetDirectoryName(_path)!), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
        Assert.That(File.ReadAllText(_path), Does.StartWith("-----BEGIN PRIVATE KEY-----"));
        using var loaded = FileDeviceSigningKey.Load(_path);
        Assert.That(loaded.Fingerprint, Is.EqualTo(fingerprint));
        Assert.That(File.ReadAllText(FileDeviceSigningKey.PublicPathIn(_state)), Is.EqualTo(loaded.PublicKeyPem));
        Assert.That(loaded.ToString(), Does.Not.Contain("PRIVATE"));
    }

    [Test]
    public void The_fingerprint_is_the_sha256_of_the_public_key_as_openssl_computes_it()
    {
        using var key = FileDeviceSigningKey.Create(_path);
        string der = Path.Combine(_state, "public.der");
        IndependentTools.Openssl("pkey", "-in", _path, "-pubout", "-outform", "DER", "-out", der);

        Assert.That(key.Fingerprint, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(der)))));
        Assert.That(IndependentTools.Openssl("ec", "-in", _path, "-noout", "-text"), Does.Contain("prime256v1"));
    }

    [Test]
    public void Node_verifies_a_signature_made_with_the_key()
    {
        using var key = FileDeviceSigningKey.Create(_path);
        string jws = Path.Combine(_state, "signed.json");
        File.WriteAllBytes(jws, Es256Jws.SignFlattened(key, "{\"hello\":1}"u8, "test"));

        byte[] payload = IndependentTools.NodeVerify(FileDeviceSigningKey.PublicPathIn(_state), jws);

        Assert.That(payload, Is.EqualTo("{\"hello\":1}"u8.ToArray()));
    }

    [Test]
    public void An_existing_identity_is_never_replaced()
    {
        using (FileDeviceSigningKey.Create(_path))
        {
        }

        string before = File.ReadAllText(_path);
        var error = Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Create(_path))!;

        Assert.That(error.Message, Does.Contain("already exists").And.Contain(_path));
        Assert.That(File.ReadAllText(_path), Is.EqualTo(before));
    }

    [Test]
    public void LoadOrCreate_makes_one_at_the_first_start_and_keeps_it()
    {
        string first;
        using (var key = FileDeviceSigningKey.LoadOrCreate(_path))
        {
            first = key.Fingerprint;
        }

        using var again = FileDeviceSigningKey.LoadOrCreate(_path);
        Assert.That(again.Fingerprint, Is.EqualTo(first));
    }

    [Test]
    public void A_missing_identity_says_how_to_make_one() =>
        Assert.That(Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Load(_path))!.Message,
            Does.Contain($"no device identity at {_path}").And.Contain("bodycam identity create"));

    [Test]
    public void An_identity_others_can_read_is_refused()
    {
        using (FileDeviceSigningKey.Create(_path))
        {
        }

        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.That(Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Load(_path))!.Message,
            Does.Contain("accessible to group or others (mode 644)").And.Contain("chmod 600"));
    }

    [Test]
    public void An_unreadable_identity_names_the_file()
    {
        Directory.CreateDirectory(_path);

        Assert.That(Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Load(_path))!.Message,
            Does.StartWith($"cannot read the device identity {_path}"));
    }

    [TestCase("not a key at all\n", "is not a PEM file")]
    [TestCase("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "holds a PEM \"CERTIFICATE\", not an ECDSA P-256 private key")]
    [TestCase("-----BEGIN PRIVATE KEY-----\nAAAAAAAA\n-----END PRIVATE KEY-----\n", "is not an ECDSA private key (its contents are not a valid key)")]
    public void A_malformed_identity_says_what_is_wrong(string content, string problem)
    {
        Write(content);

        Assert.That(Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Load(_path))!.Message, Does.Contain(problem).And.Contain(_path));
    }

    [Test]
    public void An_rsa_key_is_not_a_device_identity()
    {
        using var rsa = RSA.Create(2048);
        Write(rsa.ExportPkcs8PrivateKeyPem());

        Assert.That(Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Load(_path))!.Message,
            Does.Contain("is not an ECDSA private key (it is an RSA key of 2048 bits)"));
    }

    [Test]
    public void A_key_on_another_curve_is_refused()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Write(p384.ExportPkcs8PrivateKeyPem());

        Assert.That(Assert.Throws<DeviceIdentityException>(() => FileDeviceSigningKey.Load(_path))!.Message,
            Does.Contain("is an ECDSA key on curve 1.3.132.0.34 (384 bits), not P-256"));
    }

    private void Write(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        File.WriteAllText(_path, content);
        File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
