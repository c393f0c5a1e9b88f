// install.sh run for real: --dry-run prints the steps it would take, --root stages the files into a
// folder. Configuration checks are the firmware's own (`bodycam config check`, host build). Each
// test has its own unpacked release, so they run in parallel.
namespace BodyCamDevice.Deploy.Tests;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class InstallScriptTests
{
    private const string Groups = "gpio,video,audio,i2c,dialout";
    private const string NotRun = "# not run with --root";

    private const string TestPatternConfig = """
        {
          // a bench unit without the camera module
          "Identity": { "DeviceSerial": "BC-424242", "OfficerId": "OF-7" },
          "Camera": { "Source": "TestPattern", },
        }
        """;

    private UnpackedRelease _release = null!;

    [SetUp]
    public void CreateRelease() => _release = new UnpackedRelease();

    [TearDown]
    public void DeleteRelease() => _release.Dispose();

    [TestCase("deploy/install.sh")]
    [TestCase("deploy/publish.sh")]
    [TestCase("deploy/arm64-sysroot.sh")]
    [TestCase("dev")]
    public async Task ScriptParsesWithBashNoExec(string script)
    {
        var result = await ChildProcess.RunAsync("/bin/bash", ["-n", Path.Combine(Repository.Root, script)], TimeSpan.FromSeconds(30));

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
    }

    [Test]
    public async Task DryRunOnAFreshDevicePrintsEveryStepInOrderAndChangesNothing()
    {
        _release.WriteStaged("/boot/firmware/config.txt", "# Raspberry Pi OS\n");

        var result = await _release.InstallStagedAsync("--dry-run");

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        var package = _release.PackageDirectory;
        var root = _release.StagingRoot;
        var expectedInOrder = new[]
        {
            $"+ {package}/app/bodycam config check {package}/bodycam.json",
            $"+ env DEBIAN_FRONTEND=noninteractive apt-get install -y ffmpeg fonts-dejavu-core libgpiod2 rpicam-apps   {NotRun}",
            $"+ usermod --append --groups {Groups} bodycam   {NotRun}",
            $"+ cp -R {package}/app {root}/opt/bodycam.new",
            $"+ mv {root}/opt/bodycam.new {root}/opt/bodycam",
            $"+ install -m 0640 {package}/bodycam.json {root}/etc/bodycam/bodycam.json",
            $"+ chgrp bodycam {root}/etc/bodycam/bodycam.json   {NotRun}",
            $"+ install -D -m 0644 {package}/bodycam.service {root}/etc/systemd/system/bodycam.service",
            $"+ {root}/opt/bodycam/bodycam config check {root}/etc/bodycam/bodycam.json",
            $"+ systemctl daemon-reload   {NotRun}",
            $"+ systemctl enable --now bodycam.service   {NotRun}",
        };
        var indexes = expectedInOrder.Select(line => Array.IndexOf(result.OutputLines, line)).ToArray();
        Assert.That(expectedInOrder.Where((_, i) => indexes[i] < 0), Is.Empty, result.Transcript);
        Assert.That(indexes, Is.Ordered, result.Transcript);
        Assert.That(result.OutputLines, Has.Some.Contains("REMINDER: the piezo beeper needs 'dtoverlay=pwm,pin=13,func=4'"));
        Assert.That(result.OutputLines, Has.Some.StartsWith("WARNING: Identity.DeviceSerial is the placeholder BC-000000"));
        Assert.That(_release.StagedFiles(), Is.EqualTo(new[] { "/boot/firmware/config.txt" }), "a dry run changes nothing");
    }

    [Test]
    public async Task DryRunOnTheRunningSystemWouldRunEveryCommandOnIt()
    {
        var result = await _release.InstallAsync("--dry-run");

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        var userExists = File.ReadLines("/etc/passwd").Any(line => line.StartsWith("bodycam:", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            if (!userExists)
            {
                Assert.That(result.OutputLines, Does.Contain("+ useradd --system --user-group --home-dir /var/lib/bodycam --no-create-home --shell /usr/sbin/nologin --comment 'BodyCamDevice firmware' bodycam"));
            }

            Assert.That(result.OutputLines, Does.Contain($"+ usermod --append --groups {Groups} bodycam"));
            Assert.That(result.OutputLines, Does.Contain($"+ install -D -m 0644 {_release.PackageDirectory}/bodycam.service /etc/systemd/system/bodycam.service"));
            Assert.That(result.OutputLines, Does.Contain("+ runuser -u bodycam -- /opt/bodycam/bodycam config check /etc/bodycam/bodycam.json"));
            Assert.That(result.OutputLines, Does.Contain("+ systemctl enable --now bodycam.service"));
            Assert.That(result.StandardOutput, Does.Not.Contain(NotRun));
        });
    }

    [Test]
    public async Task StagedInstallPlacesFirmwareConfigurationAndUnit()
    {
        var result = await _release.InstallStagedAsync();

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(_release.Staged("/opt/bodycam/bodycam")), Is.True);
            Assert.That(File.ReadAllText(_release.Staged("/etc/bodycam/bodycam.json")), Is.EqualTo(File.ReadAllText(Repository.DefaultConfig)));
            Assert.That(File.GetUnixFileMode(_release.Staged("/etc/bodycam/bodycam.json")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
            Assert.That(File.ReadAllText(_release.Staged("/etc/systemd/system/bodycam.service")), Is.EqualTo(File.ReadAllText(Repository.ServiceUnit)));
            Assert.That(File.Exists(_release.Staged("/etc/systemd/system/bodycam.service.d/recordings.conf")), Is.False, "recordings stay in the state directory by default");
        });
    }

    [Test]
    public async Task AnExistingConfigurationIsNeverOverwritten()
    {
        _release.WriteStaged("/etc/bodycam/bodycam.json", TestPatternConfig);

        var first = await _release.InstallStagedAsync();
        var second = await _release.InstallStagedAsync();

        Assert.That(first.ExitCode, Is.Zero, first.Transcript);
        Assert.That(second.ExitCode, Is.Zero, second.Transcript);
        Assert.That(File.ReadAllText(_release.Staged("/etc/bodycam/bodycam.json")), Is.EqualTo(TestPatternConfig));
        Assert.That(first.OutputLines, Has.Some.Contains("/etc/bodycam/bodycam.json exists: not overwritten"));
        Assert.That(first.OutputLines, Has.None.StartsWith("+ install -m 0640"), "no install line for the configuration");
        Assert.That(first.OutputLines, Has.None.Contains("placeholder"), "this camera has its own serial");
        Assert.That(File.Exists(_release.Staged("/opt/bodycam/bodycam")), Is.True, "the firmware is still upgraded");
    }

    [TestCase("""{ "Identity": { "DeviceSerial": "BC-000001" }, "Camera": { "Source": "RpiCam" } }""", true)]
    [TestCase("""{ "Identity": { "DeviceSerial": "BC-000001" }, "Camera": { "Source": "rpicam" } }""", true, Description = "enum names are case-insensitive, as for the firmware")]
    [TestCase("""{ "Identity": { "DeviceSerial": "BC-000001" } }""", true, Description = "the Pi camera is the default source")]
    [TestCase(TestPatternConfig, false)]
    [TestCase("""{ "Identity": { "DeviceSerial": "BC-000001" }, "Camera": { "Source": "V4L2", "V4L2Device": "/dev/video2" } }""", false)]
    public async Task RpicamAppsIsInstalledOnlyForThePiCamera(string config, bool needsRpicamApps)
    {
        _release.WriteStaged("/etc/bodycam/bodycam.json", config);

        var result = await _release.InstallStagedAsync("--dry-run");

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        var packages = needsRpicamApps ? "ffmpeg fonts-dejavu-core libgpiod2 rpicam-apps" : "ffmpeg fonts-dejavu-core libgpiod2";
        Assert.That(result.OutputLines, Does.Contain($"+ env DEBIAN_FRONTEND=noninteractive apt-get install -y {packages}   {NotRun}"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ARejectedConfigurationStopsTheInstallBeforeAnythingIsEnabled(bool dryRun)
    {
        const string Rejected = """{ "Identity": { "DeviceSerial": "BC-000001" }, "Camera": { "Source": "Webcam" } }""";
        _release.WriteStaged("/etc/bodycam/bodycam.json", Rejected);

        var result = dryRun ? await _release.InstallStagedAsync("--dry-run") : await _release.InstallStagedAsync();

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Transcript);
        Assert.Multiple(() =>
        {
            Assert.That(result.StandardOutput + result.StandardError, Does.Contain("Camera.Source"), "the firmware's checker named the field");
            Assert.That(result.StandardError, Does.Contain("rejected").And.Contain("not enabled"));
            Assert.That(result.OutputLines, Has.None.Contains("systemctl"));
            Assert.That(_release.StagedFiles(), Is.EqualTo(new[] { "/etc/bodycam/bodycam.json" }), "nothing installed");
            Assert.That(File.ReadAllText(_release.Staged("/etc/bodycam/bodycam.json")), Is.EqualTo(Rejected));
        });
    }

    [Test]
    public async Task ThePwmOverlayIsOnlyARemindUnlessAskedAndIsAddedOnce()
    {
        const string BootConfig = "/boot/firmware/config.txt";
        _release.WriteStaged(BootConfig, "dtparam=audio=off\n");

        var reminded = await _release.InstallStagedAsync();
        var unchanged = File.ReadAllText(_release.Staged(BootConfig));
        var applied = await _release.InstallStagedAsync("--apply-pwm-overlay");
        var again = await _release.InstallStagedAsync("--apply-pwm-overlay");

        Assert.That(reminded.ExitCode + applied.ExitCode + again.ExitCode, Is.Zero, reminded.Transcript + applied.Transcript + again.Transcript);
        Assert.Multiple(() =>
        {
            Assert.That(reminded.OutputLines, Has.Some.StartsWith("REMINDER:"));
            Assert.That(unchanged, Is.EqualTo("dtparam=audio=off\n"));
            Assert.That(File.ReadAllText(_release.Staged(BootConfig)), Is.EqualTo("dtparam=audio=off\ndtoverlay=pwm,pin=13,func=4\n"));
            Assert.That(again.OutputLines, Does.Contain($"{BootConfig} has dtoverlay=pwm,pin=13,func=4"));
        });
    }

    [Test]
    public async Task NoPwmOverlayIsNeededForAnActiveBuzzer()
    {
        _release.WriteStaged("/boot/firmware/config.txt", "");
        _release.WriteStaged("/etc/bodycam/bodycam.json", """{ "Identity": { "DeviceSerial": "BC-000001" }, "Pins": { "Beeper": { "Kind": "ActiveBuzzer" } } }""");

        var result = await _release.InstallStagedAsync("--apply-pwm-overlay");

        Assert.That(result.ExitCode, Is.Zero, result.Transcript);
        Assert.That(result.OutputLines, Does.Contain("Pins.Beeper.Kind is ActiveBuzzer: no PWM overlay needed"));
        Assert.That(File.ReadAllText(_release.Staged("/boot/firmware/config.txt")), Is.Empty);
    }

    [Test]
    public async Task RecordingsOutsideTheStateDirectoryAreMadeWritableByADropIn()
    {
        const string DropIn = "/etc/systemd/system/bodycam.service.d/recordings.conf";
        _release.WriteStaged("/etc/bodycam/bodycam.json", """{ "Identity": { "DeviceSerial": "BC-000001" }, "Recording": { "Directory": "/media/sd/recordings" } }""");

        var elsewhere = await _release.InstallStagedAsync();
        var dropIn = File.ReadAllText(_release.Staged(DropIn));
        _release.WriteStaged("/etc/bodycam/bodycam.json", """{ "Identity": { "DeviceSerial": "BC-000001" }, "Recording": { "Directory": "/var/lib/bodycam/clips" } }""");
        var inside = await _release.InstallStagedAsync();

        Assert.That(elsewhere.ExitCode + inside.ExitCode, Is.Zero, elsewhere.Transcript + inside.Transcript);
        Assert.Multiple(() =>
        {
            Assert.That(dropIn, Is.EqualTo("[Service]\nReadWritePaths=/media/sd/recordings\n"));
            Assert.That(Directory.Exists(_release.Staged("/media/sd/recordings")), Is.True);
            Assert.That(File.Exists(_release.Staged(DropIn)), Is.False, "the drop-in goes once the recordings are back under /var/lib/bodycam");
        });
    }

    [Test]
    public async Task AnRtcSetAtTheDockGetsAUdevRuleForTheServiceAndLosesItWhenUnset()
    {
        const string Rule = "/etc/udev/rules.d/60-bodycam-rtc.rules";
        _release.WriteStaged("/etc/bodycam/bodycam.json", """{ "Identity": { "DeviceSerial": "BC-000001" }, "Rtc": { "KernelDevice": "/dev/rtc0" } }""");

        var withRtc = await _release.InstallStagedAsync();
        var rule = File.ReadAllText(_release.Staged(Rule));
        _release.WriteStaged("/etc/bodycam/bodycam.json", """{ "Identity": { "DeviceSerial": "BC-000001" } }""");
        var withoutRtc = await _release.InstallStagedAsync();

        Assert.That(withRtc.ExitCode + withoutRtc.ExitCode, Is.Zero, withRtc.Transcript + withoutRtc.Transcript);
        Assert.Multiple(() =>
        {
            Assert.That(rule, Is.EqualTo("SUBSYSTEM==\"rtc\", KERNEL==\"rtc[0-9]*\", GROUP=\"i2c\", MODE=\"0660\"\n"));
            Assert.That(withRtc.OutputLines, Does.Contain($"+ udevadm trigger --subsystem-match=rtc --action=change   {NotRun}"));
            Assert.That(withRtc.OutputLines, Does.Contain("Rtc.KernelDevice is /dev/rtc0: the i2c group (the service) may set it"));
            Assert.That(File.Exists(_release.Staged(Rule)), Is.False, "the rule goes once no RTC is set at the dock");
            Assert.That(withoutRtc.OutputLines, Does.Contain("Rtc.KernelDevice is empty: no RTC is set at the dock, no udev rule needed"));
        });
    }

    [Test]
    public async Task AnUnknownOptionIsAUsageError()
    {
        var result = await _release.InstallAsync("--dryrun");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Transcript);
        Assert.That(result.StandardError, Does.Contain("unknown option '--dryrun'"));
    }
}
