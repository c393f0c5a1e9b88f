// The camera reader's low-water mark: sized from the stream, set on a real unix-socket pipe (as
// FFMpegCore's output pipe is on Linux), and never holding back the end of a stream.
using System.IO.Pipes;
using System.Net.Sockets;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public class ReceiveLowWaterTests
{
    [TestCase(8000, 30, 16 * 1024)] // 1080p30 at 8 Mbit/s: 33 KB a frame, capped at 16 KiB
    [TestCase(4000, 30, 8333)]
    [TestCase(8000, 60, 8333)]
    [TestCase(600, 30, 0)] // 2.5 KB a frame: not worth it
    public void TheMarkIsHalfAFramesShareOfTheStream(int kbps, int fps, int expected) =>
        Assert.That(ReceiveLowWater.For(new CameraOptions { BitrateKbps = kbps, FrameRate = fps }), Is.EqualTo(expected));

    [Test]
    [CancelAfter(10_000)]
    public async Task OnARealPipeTheMarkIsSetAndTheStreamsTailStillArrivesWhenItEnds()
    {
        Assume.That(OperatingSystem.IsLinux(), "unix-socket pipes");
        string name = "bodycam-lowat-" + Guid.NewGuid().ToString("N");
        await using var server = new NamedPipeServerStream(name, PipeDirection.In);
        await using var client = new NamedPipeClientStream(".", name, PipeDirection.Out);
        await Task.WhenAll(server.WaitForConnectionAsync(), client.ConnectAsync());

        Assert.That(ReceiveLowWater.TryApply(server, 4096), Is.True);
        using (var view = new Socket(new SafeSocketHandle(server.SafePipeHandle.DangerousGetHandle(), ownsHandle: false)))
        {
            Assert.That(view.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater), Is.EqualTo(4096));
        }

        // 100 bytes are below the mark; closing the writer releases them.
        await client.WriteAsync(new byte[100]);
        client.Close();
        var buffer = new byte[8192];
        int read = await Task.Run(() => server.Read(buffer));
        Assert.That(read, Is.EqualTo(100));
    }

    [Test]
    public void AStreamThatIsNotAPipeIsLeftAlone() =>
        Assert.That(ReceiveLowWater.TryApply(new MemoryStream(), 4096), Is.False);
}
