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

[NonParallelizable]
public class ShutdownInFaultTests
{
    [Test]
    public void SIGTERM_to_a_device_that_booted_into_Fault_without_its_camera_exits_0()
    {
        // SIGTERM reaches the host's lifetime, which cancels a start still waiting for Buffering;
        // that was reported as "the device stopped with an error" (exit 7), and systemd would
        // have logged a failure for a stop it had asked for.
        string state = Directory.CreateTempSubdirectory("bodycam-fault-stop-").FullName;
        try
        {
            using var bodycam = Bodycam.Start(["run", "--virtual-gpio", "--camera", "v4l2:/dev/video77", "--state-dir", state]);
            bodycam.WaitForLine("State: Fault", TimeSpan.FromSeconds(30));
            bodycam.Terminate();
            Assert.That(bodycam.WaitForExit(TimeSpan.FromSeconds(30)), Is.Zero, bodycam.Output + bodycam.Error);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
