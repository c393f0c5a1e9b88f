using BodyCamDevice.Device.Hosting;

namespace BodyCamDevice.Device.Tests.Hosting;

public class SystemdEnvironmentTests
{
    private static SystemdEnvironment Read(int pid, params (string Name, string Value)[] variables) =>
        SystemdEnvironment.Read(name => variables.FirstOrDefault(v => v.Name == name).Value, pid);

    [Test]
    public void TheHeartbeatIsHalfTheWatchdogTimeout()
    {
        var systemd = Read(42, ("NOTIFY_SOCKET", "/run/systemd/notify"), ("WATCHDOG_USEC", "20000000"), ("WATCHDOG_PID", "42"));

        Assert.That(systemd.Notifies, Is.True);
        Assert.That(systemd.WatchdogTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(systemd.HeartbeatPeriod, Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    [TestCase(null, null, TestName = "No WATCHDOG_USEC: no watchdog")]
    [TestCase("0", null, TestName = "WATCHDOG_USEC=0: no watchdog")]
    [TestCase("ten", null, TestName = "WATCHDOG_USEC not a number: no watchdog")]
    [TestCase("20000000", "41", TestName = "WATCHDOG_PID of another process: not ours to feed")]
    public void NoWatchdog(string? usec, string? pid)
    {
        var systemd = SystemdEnvironment.Read(name => name switch
        {
            "NOTIFY_SOCKET" => "/run/systemd/notify",
            "WATCHDOG_USEC" => usec,
            "WATCHDOG_PID" => pid,
            _ => null,
        }, 42);

        Assert.That(systemd.HeartbeatPeriod, Is.Null);
    }

    [Test]
    public void WithoutANotifySocketThereIsNothingToFeed()
    {
        var systemd = Read(42, ("WATCHDOG_USEC", "20000000"));

        Assert.That(systemd.Notifies, Is.False);
        Assert.That(systemd.HeartbeatPeriod, Is.Null);
    }
}
