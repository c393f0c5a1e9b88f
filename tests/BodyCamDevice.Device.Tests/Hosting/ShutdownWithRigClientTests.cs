// SIGTERM while a rig client holds a connection open (a request whose headers never finish):
// the control API's server takes up to its own shutdown timeout (3 s) to let the connection go,
// and System.CommandLine's default 2 s termination timeout used to end the process first, with
// exit 143 — before the recording in progress was sealed and the shutdown line written. The
// device must end as it does without the client: recording sealed, exit 0.
using System.Net.Sockets;
using System.Text;
using BodyCamDevice.Device.Tests.Evidence;

namespace BodyCamDevice.Device.Tests.Hosting;

[Category("ffmpeg")]
[NonParallelizable]
public class ShutdownWithRigClientTests
{
    [Test]
    public async Task SIGTERM_with_a_rig_client_holding_a_connection_seals_the_recording_and_exits_0()
    {
        string root = Directory.CreateTempSubdirectory("bodycam-slow-client-").FullName;
        try
        {
            string state = Directory.CreateDirectory(Path.Combine(root, "state")).FullName;
            string config = RecordingRig.Config(root, "bodycam.json", storePublicKey: null);
            using var rig = await RecordingRig.StartAsync(config, state);
            await rig.StartRecordingAsync();

            using var slow = new TcpClient();
            await slow.ConnectAsync(rig.Api.BaseAddress!.Host, rig.Api.BaseAddress.Port);
            await slow.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST /api/recording/stop HTTP/1.1\r\nHost: rig\r\nX-Slow: "));
            await Task.Delay(500);

            rig.Bodycam.Terminate();
            Assert.That(rig.Bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, rig.Bodycam.Output);
            Assert.That(rig.Bodycam.Output, Does.Contain("Stopped: pins closed, audit log flushed"));
            string[] clips = Directory.GetFiles(Path.Combine(state, "recordings"), "*.mp4");
            Assert.That(clips, Is.Not.Empty);
            Assert.That(clips.Where(clip => !File.Exists(Path.ChangeExtension(clip, ".json"))), Is.Empty, "every clip sealed at shutdown");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
