// The emulator switched off in the middle of a recording, on virtual time: it is the same device
// assembly as `bodycam run`, so the recording is sealed (stop reason Shutdown) and the camera
// stopped before the first virtual pin closes.
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Emulator.Tests.Rig;

public class EmulatedDeviceShutdownTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task ARecordingInProgressIsSealedAndTheCameraStoppedBeforeThePinsClose()
    {
        var recordings = Directory.CreateTempSubdirectory("bodycam-emulator-shutdown-").FullName;
        try
        {
            var time = new SteppingTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
            var device = new EmulatedDevice(new DeviceOptions(), time, recordings, CameraChoice.Virtual);
            device.Start();
            await StepAsync(device, time, TimeSpan.FromSeconds(5));
            device.Device.Controller.RequestStart(TriggerSource.RecordButton);
            await StepAsync(device, time, TimeSpan.FromSeconds(3));
            Assert.That(device.Device.Controller.Status.State, Is.EqualTo(DeviceState.Recording));

            string[]? manifestsAtFirstClose = null;
            CameraSupervisorState? cameraAtFirstClose = null;
            device.Drivers.Gpio.Closed += _ =>
            {
                manifestsAtFirstClose ??= Directory.GetFiles(recordings, "*_clip*.json");
                cameraAtFirstClose ??= device.Capture.Supervisor.State;
            };
            await device.DisposeAsync();

            Assert.That(manifestsAtFirstClose, Has.Length.EqualTo(1), "the recording was sealed before the first pin closed");
            var manifest = ManifestJson.Parse(await File.ReadAllBytesAsync(manifestsAtFirstClose![0]));
            Assert.That((manifest.FinalClip, manifest.TriggerOff?.Reason), Is.EqualTo((true, "Shutdown")));
            Assert.That(manifest.PreRollSeconds, Is.GreaterThanOrEqualTo(4), "the seconds buffered before the trigger");
            Assert.That(cameraAtFirstClose, Is.EqualTo(CameraSupervisorState.Stopped), "the camera stopped before the first pin closed");
        }
        finally
        {
            Directory.Delete(recordings, recursive: true);
        }
    }

    // From timer to timer, the recording writer let catch up at each (as the scenario runner does).
    private static async Task StepAsync(EmulatedDevice device, SteppingTimeProvider time, TimeSpan duration)
    {
        var end = time.GetUtcNow() + duration;
        while (true)
        {
            await device.Capture.IdleAsync();
            var left = end - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            time.StepToNextTimer(left);
        }
    }
}
