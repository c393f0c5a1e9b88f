// The SNTP client against a real NTP server (Debian's chronyd on 127.0.0.1 at a free port, not
// touching the machine's clock): a correct clock measures close to zero offset, a device clock an
// hour fast measures an hour, and a port where nothing answers fails with a clear error in time.
using System.Net;
using System.Net.Sockets;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Offload.Sntp;

namespace BodyCamDevice.Offload.Tests.Sntp;

public class SntpClientTests
{
    private ChronyServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await ChronyServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _server.DisposeAsync();

    [Test]
    public async Task ACorrectClockMeasuresAlmostNoOffset()
    {
        var measurement = await new SntpClient(TimeProvider.System).QueryAsync("127.0.0.1", _server.Port, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.That(measurement.Offset.Duration(), Is.LessThan(TimeSpan.FromMilliseconds(250)), "the server serves this machine's clock");
        Assert.That(measurement.Delay, Is.GreaterThanOrEqualTo(TimeSpan.Zero).And.LessThan(TimeSpan.FromMilliseconds(500)));
        Assert.That(measurement.Stratum, Is.InRange(8, 9), "chronyd serving its local clock");
        Assert.That(measurement.Exceeds(TimeSpan.FromSeconds(1)), Is.False);
    }

    [Test]
    public async Task ADeviceClockAnHourFastMeasuresMinusAnHour()
    {
        var fast = new ShiftedClock(TimeSpan.FromHours(1));

        var measurement = await new SntpClient(fast).QueryAsync(_server.EndPoint, TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.That((measurement.Offset + TimeSpan.FromHours(1)).Duration(), Is.LessThan(TimeSpan.FromMilliseconds(250)));
        Assert.That(measurement.Exceeds(TimeSpan.FromSeconds(1)), Is.True);
        Assert.That((measurement.CorrectedTime - DateTimeOffset.UtcNow).Duration(), Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void APortWhereNothingAnswersFailsClearly()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // bound, never answers

        Assert.That(
            () => new SntpClient(TimeProvider.System).QueryAsync((IPEndPoint)silent.LocalEndPoint!, TimeSpan.FromMilliseconds(300), CancellationToken.None),
            Throws.TypeOf<SntpException>().With.Message.Contains("no answer within 0.3 s"));
    }

    private sealed class ShiftedClock(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
