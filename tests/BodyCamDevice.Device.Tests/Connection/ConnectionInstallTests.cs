// `bodycam connection set` installs a valid file into the state directory (as given, mode 0600)
// and holds later files to what the installed one committed to: WantEncryption and
// FullStoreAndReadSupport only go from false to true; `check` applies the same rule.
using System.Text.Json.Nodes;

namespace BodyCamDevice.Device.Tests.Connection;

public class ConnectionInstallTests
{
    private static string Valid => Path.Combine(TestContext.CurrentContext.TestDirectory, "valid-connection.json");

    private static string ValidPlain => Path.Combine(TestContext.CurrentContext.TestDirectory, "valid-connection-plain.json");

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AValidFileIsInstalledAsGivenAndOnlyItsOwnerCanReadIt()
    {
        using var state = new StateDirectory();

        var (exitCode, output, error) = Bodycam.Run(["connection", "set", Valid, "--state-dir", state.Path]);

        Assert.That(exitCode, Is.Zero, error);
        var installed = Path.Combine(state.Path, "connection.json");
        Assert.That(output, Does.StartWith($"installed: {installed}"));
        Assert.That(output, Does.Contain("TLS, 1 pinned certificate(s)").And.Contain("encryption on, key county-2026"));
        Assert.That(File.ReadAllBytes(installed), Is.EqualTo(File.ReadAllBytes(Valid)));
        Assert.That(File.GetUnixFileMode(installed), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite), "it holds the store's key");
        Assert.That(Directory.GetFiles(state.Path), Has.Length.EqualTo(1), "no temporary file left");
    }

    [Test]
    public void CheckSaysOkForAPlainHttpDevelopmentFile()
    {
        using var state = new StateDirectory();

        var (exitCode, output, error) = Bodycam.Run(["connection", "check", ValidPlain, "--state-dir", state.Path]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.StartWith("ok: ").And.Contain("plain HTTP (no certificate listed): development only"));
    }

    [TestCase("WantEncryption")]
    [TestCase("FullStoreAndReadSupport")]
    public void ASettingOnceTrueCannotBeTurnedOffBySetOrPassCheck(string setting)
    {
        using var state = new StateDirectory();
        Assert.That(Bodycam.Run(["connection", "set", Valid, "--state-dir", state.Path]).ExitCode, Is.Zero);
        var weaker = WithFalse(state, setting);

        foreach (var verb in new[] { "check", "set" })
        {
            var (exitCode, _, error) = Bodycam.Run(["connection", verb, weaker, "--state-dir", state.Path]);

            Assert.That(exitCode, Is.EqualTo(3), $"{verb}: {error}");
            Assert.That(error, Does.Contain($"  {setting} = false: the connection in use has {setting} true"));
        }

        Assert.That(File.ReadAllBytes(Path.Combine(state.Path, "connection.json")), Is.EqualTo(File.ReadAllBytes(Valid)), "the one in use stays");
    }

    [Test]
    public void WithoutAnInstalledConnectionTheSameFileIsAccepted()
    {
        using var state = new StateDirectory();
        var weaker = WithFalse(state, "FullStoreAndReadSupport");

        var (exitCode, _, error) = Bodycam.Run(["connection", "check", weaker, "--state-dir", state.Path]);

        Assert.That(exitCode, Is.Zero, error);
    }

    [Test]
    public void FalseMayBecomeTrue()
    {
        using var state = new StateDirectory();
        Assert.That(Bodycam.Run(["connection", "set", ValidPlain, "--state-dir", state.Path]).ExitCode, Is.Zero);

        var (exitCode, output, error) = Bodycam.Run(["connection", "set", Valid, "--state-dir", state.Path]);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(output, Does.Contain("encryption on"));
        Assert.That(File.ReadAllBytes(Path.Combine(state.Path, "connection.json")), Is.EqualTo(File.ReadAllBytes(Valid)));
    }

    [Test]
    public void TheConnectionInUseThatWantsEncryptionHasEveryClipEncryptedToItsKey()
    {
        using var state = new StateDirectory();
        var (setExit, _, setError) = Bodycam.Run(["connection", "set", Valid, "--state-dir", state.Path]);
        Assert.That(setExit, Is.Zero, setError);

        using (var bodycam = Bodycam.Start(["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", state.Path]))
        {
            bodycam.WaitForLine("recordings encrypted to key county-2026", TimeSpan.FromSeconds(30));
            bodycam.Terminate();
            Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);
        }

        Assert.That(File.Exists(Path.Combine(state.Path, "evidence", "encryption-required.json")), Is.True, "never in clear again on this device");
    }

    private static string WithFalse(StateDirectory state, string setting)
    {
        var json = JsonNode.Parse(File.ReadAllText(Valid))!.AsObject();
        json[setting] = false;
        if (setting == "WantEncryption")
        {
            json.Remove("PublicKey");
            json.Remove("PublicKeyId");
        }

        var path = Path.Combine(state.Path, $"without-{setting}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
