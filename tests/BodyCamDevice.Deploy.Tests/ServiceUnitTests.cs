// deploy/bodycam.service: checked by systemd's own parser (systemd-analyze verify, on a root staged
// by install.sh) and for the settings the firmware and the device's hardware rely on.
namespace BodyCamDevice.Deploy.Tests;

[TestFixture]
public sealed class ServiceUnitTests
{
    private const string SystemdAnalyze = "/usr/bin/systemd-analyze";

    [Test]
    public async Task SystemdAnalyzeVerifyAcceptsTheInstalledUnitAndItsDropIn()
    {
        using var release = new UnpackedRelease();
        release.WriteStaged("/etc/bodycam/bodycam.json", """{ "Identity": { "DeviceSerial": "BC-000001" }, "Recording": { "Directory": "/media/sd/recordings" } }""");
        var install = await release.InstallStagedAsync();
        Assert.That(install.ExitCode, Is.Zero, install.Transcript);

        var result = await VerifyAsync(release);

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        Assert.That(result.StandardOutput + result.StandardError, Is.Empty, "systemd-analyze reports problems as messages, with exit 0");
    }

    [Test]
    public async Task SystemdAnalyzeVerifyReportsAMistakeInTheUnit()
    {
        using var release = new UnpackedRelease();
        var install = await release.InstallStagedAsync();
        Assert.That(install.ExitCode, Is.Zero, install.Transcript);
        var unit = release.Staged("/etc/systemd/system/bodycam.service");
        File.WriteAllText(unit, File.ReadAllText(unit).Replace("WatchdogSec=10s", "WatchdogSec=ten"));

        var result = await VerifyAsync(release);

        Assert.That(result.StandardError, Does.Contain("WatchdogSec").Or.Contain("Failed to parse sec value"), result.Transcript);
    }

    [Test]
    public void TheUnitRunsTheFirmwareAsANotifyServiceWithAWatchdogThatAlwaysRestarts()
    {
        var service = ServiceSection();

        Assert.Multiple(() =>
        {
            Assert.That(service["Type"], Is.EqualTo(new[] { "notify" }));
            Assert.That(service["NotifyAccess"], Is.EqualTo(new[] { "main" }));
            Assert.That(service["WatchdogSec"], Is.EqualTo(new[] { "10s" }));
            Assert.That(service["Restart"], Is.EqualTo(new[] { "always" }));
            Assert.That(service, Contains.Key("RestartSec"));
            Assert.That(service["RestartPreventExitStatus"], Is.EqualTo(new[] { "2 3 8" }), "bodycam's exit codes for a bad command line, configuration and an unusable identity");
            Assert.That(service["User"], Is.EqualTo(new[] { "bodycam" }));
            Assert.That(service["ExecStart"], Is.EqualTo(new[] { "/opt/bodycam/bodycam run --config /etc/bodycam/bodycam.json" }));
            Assert.That(service["StateDirectory"], Is.EqualTo(new[] { "bodycam" }));
            Assert.That(service["ProtectSystem"], Is.EqualTo(new[] { "strict" }));
            Assert.That(service["NoNewPrivileges"], Is.EqualTo(new[] { "yes" }));
            Assert.That(service["AmbientCapabilities"], Is.EqualTo(new[] { "CAP_SYS_TIME" }), "the one capability: setting the clock from the store's time at the dock");
            Assert.That(service["CapabilityBoundingSet"], Is.EqualTo(new[] { "CAP_SYS_TIME" }));
        });
    }

    [TestCase("PrivateDevices", Description = "hides /dev/gpiochip*, /dev/video*, /dev/i2c-*")]
    [TestCase("DevicePolicy", Description = "restricts /dev to a list")]
    [TestCase("DeviceAllow", Description = "restricts /dev to a list")]
    [TestCase("ProtectClock", Description = "implies DeviceAllow=char-rtc")]
    [TestCase("ProtectKernelTunables", Description = "makes /sys read-only: no PWM export")]
    [TestCase("MemoryDenyWriteExecute", Description = "the .NET JIT writes code")]
    public void NoHardeningSettingBlocksTheDevicesOrTheRuntime(string setting) =>
        Assert.That(ServiceSection(), Does.Not.ContainKey(setting));

    [Test]
    public void TheDefaultConfigurationRecordsIntoTheServicesStateDirectory()
    {
        var config = File.ReadAllText(Repository.DefaultConfig);

        Assert.That(config, Does.Contain("\"Directory\": \"/var/lib/bodycam/recordings\""));
        Assert.That(config, Does.Contain("\"Path\": \"/var/lib/bodycam/audit.jsonl\""));
    }

    private static async Task<ChildProcessResult> VerifyAsync(UnpackedRelease release)
    {
        if (!File.Exists(SystemdAnalyze))
        {
            Assert.Ignore($"{SystemdAnalyze} is not installed here (Debian package systemd)");
        }

        // verify needs the targets the unit names (multi-user.target, ...) inside the root.
        CopyDirectory("/usr/lib/systemd/system", release.Staged("/usr/lib/systemd/system"));
        return await ChildProcess.RunAsync(SystemdAnalyze, ["verify", "--man=no", $"--root={release.StagingRoot}", "bodycam.service"], TimeSpan.FromMinutes(1));
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var target = Path.Combine(destination, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, link);
            }
            else if (entry is DirectoryInfo)
            {
                CopyDirectory(entry.FullName, target);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    /// <summary>The [Service] section's settings, each with every value it is given.</summary>
    private static Dictionary<string, List<string>> ServiceSection()
    {
        var settings = new Dictionary<string, List<string>>();
        var section = "";
        foreach (var raw in File.ReadLines(Repository.ServiceUnit))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                section = line;
                continue;
            }

            var equals = line.IndexOf('=');
            if (section == "[Service]" && equals > 0)
            {
                var key = line[..equals];
                if (!settings.TryGetValue(key, out var values))
                {
                    settings[key] = values = [];
                }

                values.Add(line[(equals + 1)..]);
            }
        }

        return settings;
    }
}
