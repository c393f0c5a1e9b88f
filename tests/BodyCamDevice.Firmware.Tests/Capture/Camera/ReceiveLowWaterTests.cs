// The camera reader's low-water mark: sized from the stream, set on a real unix-socket pipe (as
// FFMpegCore's output pipe is on Linux), never holding bytes back longer than its wait, and never
// holding back the end of a stream.
using System.IO.Pipes;
using System.Net.Sockets;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public class ReceiveLowWaterTests
{
    [TestCase(8000, 30, 64 * 1024, 66.7)] // 1080p30 at 8 Mbit/s: 33 KB a frame, two capped at 64 KiB
    [TestCase(4000, 30, 33332, 66.7)]
    [TestCase(8000, 60, 33332, 33.3)]
    [TestCase(600, 30, 5000, 66.7)]
    [TestCase(200, 30, 0, 66.7)] // 833 bytes a frame: not worth it
    public void TheMarkIsTwoFramesShareOfTheStreamAndTheWaitTwoFrameIntervals(int kbps, int fps, int bytes, double waitMs)
    {
        var mark = ReceiveLowWater.For(new CameraOptions { BitrateKbps = kbps, FrameRate = fps });
        Assert.That(mark.Bytes, Is.EqualTo(bytes));
        Assert.That(mark.MaximumWait.TotalMilliseconds, Is.EqualTo(waitMs).Within(0.1));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task OnARealPipeAReadWaitsForTheMarkOrTheTimeoutAndTheStreamsEndStillArrives()
    {
        Assume.That(OperatingSystem.IsLinux(), "unix-socket pipes");
        string name = "bodycam-lowat-" + Guid.NewGuid().ToString("N");
        await using var server = new NamedPipeServerStream(name, PipeDirection.In);
        await using var client = new NamedPipeClientStream(".", name, PipeDirection.Out);
        await Task.WhenAll(server.WaitForConnectionAsync(), client.ConnectAsync());

        using var socket = ReceiveLowWater.TryApply(server, new ReceiveLowWaterMark(4096, TimeSpan.FromMilliseconds(50)));
        Assert.That(socket, Is.Not.Null);
        Assert.That(socket!.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater), Is.EqualTo(4096));
        Assert.That(socket.ReceiveTimeout, Is.EqualTo(50));

        // 100 bytes are below the mark: the read returns them once the wait runs out, not sooner
        // than the kernel's timeout and not never.
        var buffer = new byte[8192];
        await client.WriteAsync(new byte[100]);
        await client.FlushAsync();
        int read = 0;
        while (read == 0)
        {
            read = await Task.Run(() => ReceiveLowWater.Receive(socket, buffer));
        }

        Assert.That(read, Is.EqualTo(100));

        // A full mark's worth returns at once; closing the writer ends the stream.
        await client.WriteAsync(new byte[5000]);
        Assert.That(await Task.Run(() => ReceiveLowWater.Receive(socket, buffer)), Is.EqualTo(5000));
        client.Close();
        Assert.That(await Task.Run(() => ReceiveLowWater.Receive(socket, buffer)), Is.EqualTo(-1));
    }

    [Test]
    public void AStreamThatIsNotAPipeIsLeftAlone() =>
        Assert.That(ReceiveLowWater.TryApply(new MemoryStream(), new ReceiveLowWaterMark(4096, TimeSpan.FromMilliseconds(50))), Is.Null);
}
