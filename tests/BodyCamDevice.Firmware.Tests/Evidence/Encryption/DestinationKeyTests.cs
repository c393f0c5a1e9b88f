// The evidence store's key: an RSA public key of 2048 bits or more, as PEM or as base64 of the
// PEM (the BWI connection file's form); everything else refused with a message naming it.
using System.Security.Cryptography;
using System.Text;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence.Encryption;

namespace BodyCamDevice.Firmware.Tests.Evidence.Encryption;

public class DestinationKeyTests
{
    [Test]
    public void An_rsa_public_key_is_taken_as_pem_and_as_base64_of_the_pem()
    {
        using var rsa = RSA.Create(3072);
        string pem = rsa.ExportSubjectPublicKeyInfoPem();

        using var fromPem = DestinationKey.Parse(pem, "cd-2026");
        using var fromBase64 = DestinationKey.Parse(Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)), "cd-2026");

        Assert.That(fromPem.Bits, Is.EqualTo(3072));
        Assert.That(fromBase64.Fingerprint, Is.EqualTo(fromPem.Fingerprint));
        Assert.That(fromPem.KeyId, Is.EqualTo("cd-2026"));
    }

    [Test]
    public void A_wrapped_key_unwraps_with_rsa_oaep_sha1()
    {
        using var rsa = RSA.Create(2048);
        using var key = DestinationKey.Parse(rsa.ExportSubjectPublicKeyInfoPem(), "id");
        byte[] content = RandomNumberGenerator.GetBytes(32);

        Assert.That(rsa.Decrypt(key.Wrap(content), RSAEncryptionPadding.OaepSHA1), Is.EqualTo(content));
    }

    [Test]
    public void Not_pem_is_refused() => Assert.That(Problem("hello"), Does.Contain("is not a PEM public key"));

    [Test]
    public void A_private_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        Assert.That(Problem(rsa.ExportPkcs8PrivateKeyPem()), Does.Contain("is a private key (PEM \"PRIVATE KEY\")").And.Contain("must never be on a device"));
    }

    [Test]
    public void An_ec_key_is_the_wrong_type()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.That(Problem(ec.ExportSubjectPublicKeyInfoPem()), Does.Contain("is not an RSA public key (it is an EC key of 256 bits)"));
    }

    [Test]
    public void Rsa_below_2048_bits_is_refused()
    {
        using var rsa = RSA.Create(1024);
        Assert.That(Problem(rsa.ExportSubjectPublicKeyInfoPem()), Does.Contain("is an RSA key of 1024 bits; at least 2048 are needed"));
    }

    [Test]
    public void A_key_without_its_id_is_refused()
    {
        using var rsa = RSA.Create(2048);
        Assert.That(Assert.Throws<EncryptionKeyException>(() => DestinationKey.Parse(rsa.ExportSubjectPublicKeyInfoPem(), " "))!.Message, Does.Contain("no public key id"));
    }

    [Test]
    public void The_configuration_names_the_setting_and_the_problem()
    {
        using var rsa = RSA.Create(1024);
        var options = new DeviceOptions();
        options.Encryption.Enabled = true;
        options.Encryption.PublicKey = rsa.ExportSubjectPublicKeyInfoPem();
        options.Encryption.PublicKeyId = "cd";

        ConfigurationError error = DeviceOptionsValidator.Validate(options).Single();

        Assert.That(error.Field, Is.EqualTo("Encryption.PublicKey"));
        Assert.That(error.Value, Is.EqualTo("\"-----BEGIN PUBLIC KEY-----\""));
        Assert.That(error.Problem, Does.Contain("1024 bits"));
    }

    [Test]
    public void Encryption_on_needs_a_key_and_its_id_and_off_takes_neither()
    {
        var on = new DeviceOptions();
        on.Encryption.Enabled = true;
        var off = new DeviceOptions();
        off.Encryption.PublicKeyId = "cd";

        Assert.That(DeviceOptionsValidator.Validate(on).Select(error => error.Field), Is.EquivalentTo(new[] { "Encryption.PublicKey", "Encryption.PublicKeyId" }));
        Assert.That(DeviceOptionsValidator.Validate(off).Single().Problem, Does.Contain("must be empty unless Encryption.Enabled is true"));
    }

    private static string Problem(string publicKey) =>
        Assert.Throws<EncryptionKeyException>(() => DestinationKey.Parse(publicKey, "id"))!.Message;
}
