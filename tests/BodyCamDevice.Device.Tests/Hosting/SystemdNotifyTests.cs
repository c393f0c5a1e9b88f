// `bodycam run` under a service manager's eyes: a unix datagram socket bound here stands in for
// systemd's, passed to the device as NOTIFY_SOCKET. READY=1 must come only once the device is
// buffering (after the real camera delivered video), WATCHDOG=1 at half WATCHDOG_USEC from the
// device loop, and STOPPING=1 on SIGTERM. A blocked device loop must stop the heartbeats.
using System.Text.Json;
using BodyCamDevice.Device.Commands;
using BodyCamDevice.Device.Hosting;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Device.Tests.Hosting;

public class SystemdNotifyTests
{
    private string _state = null!;

    [SetUp]
    public void CreateStateDirectory() => _state = Directory.CreateTempSubdirectory("bodycam-state-").FullName;

    [TearDown]
    public void RemoveStateDirectory() => Directory.Delete(_state, recursive: true);

    [Test]
    [Category("ffmpeg")]
    public void ReadyComesOnceTheCameraBuffersThenTheLoopFeedsTheWatchdog()
    {
        using var notify = new NotifySocket();
        using var bodycam = Bodycam.Start(
            ["run", "--virtual-gpio", "--camera", "testpattern", "--size", "320x240", "--state-dir", _state],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path, ["WATCHDOG_USEC"] = "400000" });

        notify.WaitFor("READY=1", TimeSpan.FromSeconds(30));
        var readyUtc = DateTimeOffset.UtcNow;
        var beatsBefore = notify.Count("WATCHDOG=1");
        notify.WaitFor("WATCHDOG=1", TimeSpan.FromSeconds(5), times: beatsBefore + 6);

        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);
        notify.WaitFor("STOPPING=1", TimeSpan.FromSeconds(1));

        // The audit log says when the device reached Buffering: before systemd heard READY=1.
        var buffering = File.ReadLines(Path.Combine(_state, "audit.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .First(entry => entry.GetProperty("kind").GetString() == "state" && entry.GetProperty("details").GetProperty("to").GetString() == "Buffering");
        var bufferingUtc = DateTimeOffset.Parse(buffering.GetProperty("utc").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(bufferingUtc, Is.LessThanOrEqualTo(readyUtc));
        Assert.That(bodycam.Output, Does.Contain("Ready: Buffering"));

        // Once running, a heartbeat about every 200 ms (half of 400 ms), never a gap of the whole timeout.
        var ready = notify.Messages.First(m => m.Message == "READY=1").At;
        var beats = notify.Messages.Where(m => m.Message == "WATCHDOG=1" && m.At > ready).Select(m => m.At.TotalMilliseconds).ToArray();
        var gaps = beats.Zip(beats.Skip(1), (a, b) => b - a).Order().ToArray();
        Assert.That(gaps, Has.Length.GreaterThanOrEqualTo(5));
        Assert.That(gaps, Has.All.LessThan(400));
        Assert.That(gaps[gaps.Length / 2], Is.InRange(150, 250), "median gap");
    }

    [Test]
    public void WithoutWatchdogUsecOnlyReadinessIsSent()
    {
        using var notify = new NotifySocket();
        using var bodycam = Bodycam.Start(
            ["run", "--virtual-gpio", "--camera", "virtual", "--state-dir", _state],
            new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = notify.Path });

        notify.WaitFor("READY=1", TimeSpan.FromSeconds(30));
        Thread.Sleep(500);
        bodycam.Terminate();
        Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Error);
        Assert.That(notify.Count("WATCHDOG=1"), Is.Zero);
        Assert.That(bodycam.Output, Does.Contain("<6>"), "the journal's format (syslog priority prefixes) under a service manager");
    }

    [Test]
    public async Task ABlockedDeviceLoopStopsTheHeartbeatsUntilItRunsAgain()
    {
        using var notify = new NotifySocket();
        var previous = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");

        // SystemdNotifier reads NOTIFY_SOCKET from the process environment.
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", notify.Path);
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            RunningDevice? running = null;
            var run = RunCommand.RunAsync(
                new RunArguments(null, VirtualGpio: true, CameraChoice.Virtual, _state, Rig: false, RigTokenFile: null),
                TextWriter.Null,
                stop.Token,
                variable: name => name switch
                {
                    "NOTIFY_SOCKET" => notify.Path,
                    "WATCHDOG_USEC" => "200000",
                    _ => null,
                },
                opened: device => running = device);

            notify.WaitFor("READY=1", TimeSpan.FromSeconds(30));
            notify.WaitFor("WATCHDOG=1", TimeSpan.FromSeconds(5), times: 3);

            using var entered = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            var blocker = Task.Run(() => running!.Device.Loop.Post(() =>
            {
                entered.Set();
                release.Wait();
            }));
            Assert.That(entered.Wait(TimeSpan.FromSeconds(5)), Is.True);
            var before = notify.Count("WATCHDOG=1");
            Thread.Sleep(1000); // ten heartbeat periods of 100 ms
            var whileBlocked = notify.Count("WATCHDOG=1") - before;

            release.Set();
            await blocker;
            notify.WaitFor("WATCHDOG=1", TimeSpan.FromSeconds(5), times: before + whileBlocked + 3);
            stop.Cancel();
            Assert.That(await run, Is.Zero);

            Assert.That(whileBlocked, Is.LessThanOrEqualTo(1), "at most one heartbeat already on its way when the loop blocked");
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", previous);
        }
    }
}
