// The clock at the dock against a real NTP server (chronyd on 127.0.0.1): a connection that names
// the store as its time source makes the docked camera ask the store's host by SNTP, audit the
// offset, and — 10 minutes off here, far beyond 1 s — set its clock where allowed, which clears the
// clock-not-set alarm, then the fitted RTC; a device that may not set its clock says so and keeps
// the alarm; an RTC that cannot be set is audited and the dock goes on. The check is written into
// the manifests of the recordings made after the dock.
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Core.Alarms;
using BodyCamDevice.Firmware.Core.Offload;
using BodyCamDevice.Firmware.Hardware.Clock;
using BodyCamDevice.Firmware.Hardware.Rtc;

namespace BodyCamDevice.Offload.Tests.Store.Dock;

public class DockClockTests
{
    private ChronyServer _ntp = null!;
    private string _directory = null!;

    [OneTimeSetUp]
    public async Task StartNtpAsync() => _ntp = await ChronyServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopNtpAsync() => await _ntp.DisposeAsync();

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("bodycam-dock-clock-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task AClockOffByMinutesIsSetFromTheStoresHostAndTheAlarmClears()
    {
        var clock = new RecordingClockSetter(allowed: true);
        await using var device = DockedDevice.Create(DevelopmentStore.Store, _directory, ntpPort: _ntp.Port, clock: clock,
            configure: options => options.Clock.EarliestValidTime = DateTimeOffset.UtcNow.AddMinutes(-5));
        await device.StartAsync();
        Assert.That(device.Controller.Status.Alarms, Does.Contain(AlarmKind.ClockNotSet), "the device's clock is 10 minutes behind the earliest valid time's 5");

        await device.DockAsync(true);
        await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the dock ends");

        var offset = device.Device.Audit.Entries.Single(entry => entry.Kind == "clock-offset");
        Assert.That(double.Parse(offset.Details["offsetSeconds"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(600).Within(5), "the device started 600 s behind");
        Assert.That(offset.Details["server"], Is.EqualTo($"127.0.0.1:{_ntp.Port}"));
        Assert.That(clock.Set, Is.Not.Null);
        Assert.That(clock.Set!.Value, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromSeconds(5)), "set to the server's time");
        Assert.That(device.AuditKinds(), Does.Contain("clock-set"));
        Assert.That(device.Controller.Status.Alarms, Does.Not.Contain(AlarmKind.ClockNotSet), "cleared");
    }

    [Test]
    public async Task ADeviceThatMayNotSetItsClockSaysSoAndKeepsTheAlarm()
    {
        await using var device = DockedDevice.Create(DevelopmentStore.Store, _directory, ntpPort: _ntp.Port, clock: new RecordingClockSetter(allowed: false),
            configure: options => options.Clock.EarliestValidTime = DateTimeOffset.UtcNow.AddMinutes(-5));
        await device.StartAsync();
        await device.DockAsync(true);
        await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the dock ends");

        var refused = device.Device.Audit.Entries.Single(entry => entry.Kind == "clock-not-set");
        Assert.That(refused.Details["reason"], Does.Contain("CAP_SYS_TIME"));
        Assert.That(device.Controller.Status.Alarms, Does.Contain(AlarmKind.ClockNotSet));
    }

    [Test]
    public async Task WithoutTheStoreAsTimeSourceNoTimeIsAsked()
    {
        var clock = new RecordingClockSetter(allowed: true);
        await using var device = DockedDevice.Create(DevelopmentStore.Store, _directory, clock: clock);
        await device.StartAsync();
        await device.DockAsync(true);
        await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the dock ends");

        Assert.That(device.AuditKinds(), Does.Not.Contain("clock-offset").And.Not.Contain("clock-check-failed"));
        Assert.That(clock.Set, Is.Null);
    }

    [Test]
    public async Task AfterTheClockTheFittedRtcIsSetAndTheNextManifestsCarryTheCheck()
    {
        var clock = new RecordingClockSetter(allowed: true);
        var rtc = new RecordingRtcSetter(problem: null);
        await using var device = DockedDevice.Create(DevelopmentStore.Store, _directory, ntpPort: _ntp.Port, clock: clock, rtc: rtc);
        await device.StartAsync();
        await device.DockAsync(true);
        await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the dock ends");

        Assert.That(rtc.Set, Is.Not.Null, "set after the clock");
        Assert.That(rtc.Set!.Value, Is.EqualTo(clock.Set!.Value).Within(TimeSpan.FromSeconds(1)), "to the time the clock was set to");
        var kinds = device.AuditKinds().ToList();
        Assert.That(kinds.IndexOf("rtc-set"), Is.GreaterThan(kinds.IndexOf("clock-set")));
        Assert.That(device.Device.Audit.Entries.Single(entry => entry.Kind == "rtc-set").Details["rtc"], Is.EqualTo("/dev/rtc-fake"));

        await device.DockAsync(false);
        await device.RecordAsync(TimeSpan.FromSeconds(2));
        var manifest = device.Manifests().Single();
        Assert.That(manifest.Clock, Is.Not.Null, "the recording after the dock carries the check");
        Assert.That(manifest.Clock!.Source, Is.EqualTo($"sntp://127.0.0.1:{_ntp.Port}"));
        // As audited (the device's stepping clock stands still between the exchange's two readings, so the delay is no round trip here).
        var offset = device.Device.Audit.Entries.Single(entry => entry.Kind == "clock-offset");
        Assert.That(manifest.Clock.OffsetSeconds, Is.EqualTo(double.Parse(offset.Details["offsetSeconds"], System.Globalization.CultureInfo.InvariantCulture)).Within(1e-6));
        Assert.That(manifest.Clock.OffsetSeconds, Is.GreaterThan(590), "the device started 600 s behind");
        Assert.That(manifest.Clock.DelaySeconds, Is.EqualTo(double.Parse(offset.Details["delaySeconds"], System.Globalization.CultureInfo.InvariantCulture)).Within(1e-6));
        Assert.That((manifest.Clock.Stepped, manifest.Clock.RtcSet), Is.EqualTo((true, (bool?)true)));
        Assert.That(DateTimeOffset.FromUnixTimeMilliseconds(manifest.Clock.EpochMs), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromSeconds(60)), "the server's time at the check");
        Assert.That(manifest.ClockSteps, Is.Empty, "the dock set the clock (a fake here) while nothing was recorded");
    }

    [Test]
    public async Task AnRtcThatCannotBeSetIsAuditedAndTheDockGoesOn()
    {
        var rtc = new RecordingRtcSetter(problem: "/dev/rtc-fake does not exist: no RTC driver bound");
        await using var device = DockedDevice.Create(DevelopmentStore.Store, _directory, ntpPort: _ntp.Port, clock: new RecordingClockSetter(allowed: true), rtc: rtc,
            configure: options => options.Clock.EarliestValidTime = DateTimeOffset.UtcNow.AddMinutes(-5));
        await device.StartAsync();
        await device.RecordAsync(TimeSpan.FromSeconds(2));
        await device.DockAsync(true);
        var status = await device.DockStatusAsync(status => status.Phase is DockOffloadPhase.Done or DockOffloadPhase.Failing, "the dock ends");

        var refused = device.Device.Audit.Entries.Single(entry => entry.Kind == "rtc-not-set");
        Assert.That(refused.Details["reason"], Does.Contain("does not exist"));
        Assert.That(status.Phase, Is.EqualTo(DockOffloadPhase.Done), "the recording was offloaded all the same");
        Assert.That(status.RecordingsConfirmed, Is.EqualTo(1));
        Assert.That(device.Controller.Status.Alarms, Does.Not.Contain(AlarmKind.ClockNotSet), "the clock itself was set");
    }

    // Keeps the time it was asked to set, or refuses with the problem given.
    private sealed class RecordingRtcSetter(string? problem) : IRtcSetter
    {
        public DateTimeOffset? Set { get; private set; }

        public string Name => "/dev/rtc-fake";

        public bool TrySet(DateTimeOffset utc, out string? refused)
        {
            refused = problem;
            Set = problem is null ? utc : null;
            return problem is null;
        }
    }

    // Keeps the time it was asked to set (the device's fake clock is left alone) or refuses as a
    // service without CAP_SYS_TIME does.
    private sealed class RecordingClockSetter(bool allowed) : IClockSetter
    {
        public DateTimeOffset? Set { get; private set; }

        public bool TrySet(DateTimeOffset utc, out string? problem)
        {
            problem = allowed ? null : "not permitted: the service lacks CAP_SYS_TIME";
            Set = allowed ? utc : null;
            return allowed;
        }
    }
}
