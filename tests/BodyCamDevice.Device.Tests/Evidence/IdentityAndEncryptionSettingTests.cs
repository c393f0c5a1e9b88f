// `bodycam identity create|show`, and what `bodycam run` and `bodycam config check` do with the
// device's evidence state, as real processes: the identity printed is the public key alone; an
// identity that cannot be used stops the device before it records, naming the file and the
// problem; once the device has run with encryption on, a configuration that turns it off is
// refused by both commands.
using System.Security.Cryptography;

namespace BodyCamDevice.Device.Tests.Evidence;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class IdentityAndEncryptionSettingTests
{
    private string _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    public void Create_then_show_print_the_same_public_key_and_fingerprint_and_never_the_private_key()
    {
        var (created, createOutput, createError) = Bodycam.Run(["identity", "create", "--state-dir", _state]);
        var (shown, showOutput, showError) = Bodycam.Run(["identity", "show", "--state-dir", _state]);

        Assert.That(created, Is.Zero, createError);
        Assert.That(shown, Is.Zero, showError);
        Assert.That(createOutput, Does.Contain(showOutput));
        Assert.That(showOutput, Does.StartWith("-----BEGIN PUBLIC KEY-----"));
        Assert.That(showOutput + createOutput, Does.Not.Contain("PRIVATE"));
        using var key = ECDsa.Create();
        key.ImportFromPem(showOutput);
        string fingerprint = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        Assert.That(showOutput, Does.EndWith($"SHA-256 fingerprint: {fingerprint}"));
    }

    [Test]
    public void Create_never_replaces_an_identity()
    {
        Bodycam.Run(["identity", "create", "--state-dir", _state]);
        string before = File.ReadAllText(KeyPath);

        var (exitCode, _, error) = Bodycam.Run(["identity", "create", "--state-dir", _state]);

        Assert.That(exitCode, Is.EqualTo(8));
        Assert.That(error, Does.Contain("already exists"));
        Assert.That(File.ReadAllText(KeyPath), Is.EqualTo(before));
    }

    [Test]
    public void A_malformed_identity_stops_show_and_run_naming_the_file_and_the_problem()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (showExit, _, showError) = Bodycam.Run(["identity", "show", "--state-dir", _state]);
        var (runExit, _, runError) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state]);

        Assert.That(showExit, Is.EqualTo(8));
        Assert.That(runExit, Is.EqualTo(8));
        foreach (string error in new[] { showError, runError })
        {
            Assert.That(error, Does.Contain($"the device identity {KeyPath} is not an ECDSA private key"));
        }

        Assert.That(Directory.Exists(Path.Combine(_state, "recordings")), Is.False, "nothing recorded");
        Assert.That(File.Exists(Path.Combine(_state, "audit.jsonl")), Is.False);
    }

    [Test]
    public void An_identity_others_can_read_stops_the_device()
    {
        Bodycam.Run(["identity", "create", "--state-dir", _state]);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var (exitCode, _, error) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state]);

        Assert.That(exitCode, Is.EqualTo(8));
        Assert.That(error, Does.Contain("accessible to group or others").And.Contain("chmod 600"));
    }

    [Test]
    public void The_first_start_makes_the_identity_readable_by_the_service_user_alone()
    {
        using var bodycam = Bodycam.Start(["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state]);
        string line = bodycam.WaitForLine("Device key ", TimeSpan.FromSeconds(30));
        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);

        Assert.That(line, Does.Contain("(made now, at the first start)"));
        Assert.That(File.GetUnixFileMode(KeyPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(bodycam.Output + bodycam.Error, Does.Not.Contain("PRIVATE KEY"));
    }

    [Test]
    public void Once_a_device_encrypts_a_configuration_without_encryption_is_refused()
    {
        using var rsa = RSA.Create(2048);
        string encrypting = Config("encrypting.json", $$"""
            "Encryption": { "Enabled": true, "PublicKey": {{System.Text.Json.JsonSerializer.Serialize(rsa.ExportSubjectPublicKeyInfoPem())}}, "PublicKeyId": "store-1" }
            """);
        string plain = Config("plain.json", "\"Encryption\": { \"Enabled\": false }");
        Assert.That(Bodycam.Run(["config", "check", plain, "--state-dir", _state]).ExitCode, Is.Zero, "a new device may record in clear");

        using (var bodycam = Bodycam.Start(["run", "--virtual-gpio", "--camera", "virtual", "--config", encrypting, "--state-dir", _state]))
        {
            bodycam.WaitForLine("recordings encrypted to key store-1", TimeSpan.FromSeconds(30));
            bodycam.Terminate();
            Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);
        }

        var (checkExit, _, checkError) = Bodycam.Run(["config", "check", plain, "--state-dir", _state]);
        var (runExit, _, runError) = Bodycam.Run(["run", "--virtual-gpio", "--camera", "virtual", "--config", plain, "--state-dir", _state]);

        Assert.That(checkExit, Is.EqualTo(3));
        Assert.That(runExit, Is.EqualTo(3));
        foreach (string error in new[] { checkError, runError })
        {
            Assert.That(error, Does.Contain("Encryption.Enabled = false: this device encrypts its recordings since").And.Contain("(key store-1) and encryption cannot be turned off again"));
        }

        Assert.That(Bodycam.Run(["config", "check", encrypting, "--state-dir", _state]).ExitCode, Is.Zero);
    }

    private string KeyPath => Path.Combine(_state, "identity", "device-key.pem");

    private string Config(string name, string encryption)
    {
        string path = Path.Combine(_state, name);
        File.WriteAllText(path, $$"""
            {
              "Identity": { "DeviceSerial": "BC-000042", "OfficerId": "4711" },
              "Recording": { "Directory": "recordings" },
              "Audit": { "Path": "audit.jsonl" },
              {{encryption}}
            }
            """);
        return path;
    }
}
