// Camera missing at boot: the configured camera is not there (a V4L2 device that does not exist,
// or an ffmpeg that is not where the configuration says). The device must show the fault — state
// Fault with the camera alarm — within the recovery bound, keep answering its control API,
// refuse to record without crashing, and end cleanly on SIGTERM; nothing is written as a clip.
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class CameraMissingFault : Fault
{
    public override string Name => "camera-missing";

    public override string Description => "boot with no camera (a missing V4L2 device, or no ffmpeg where the configuration says)";

    public override async Task RunTrialAsync(Trial trial)
    {
        var session = new DeviceSession(trial.Environment, $"{Name}-{trial.Number:D3}");
        try
        {
            bool badFfmpeg = trial.Random.Next(2) == 0;
            DeviceLaunch launch = new();
            if (badFfmpeg)
            {
                session.Workspace.WriteConfig(extraSections: "\"Camera\": { \"FfmpegPath\": \"/opt/missing/ffmpeg\" }");
            }
            else
            {
                launch = new DeviceLaunch(Camera: $"v4l2:/dev/video{trial.Random.Next(40, 99)}");
            }

            trial.Log(badFfmpeg ? "Camera.FfmpegPath names no program" : $"camera {launch.Camera}");
            if (!await session.StartAsync(trial, launch, "Fault"))
            {
                return;
            }

            using (var status = await session.Device!.StatusAsync())
            {
                var alarms = status?.RootElement.GetProperty("alarms").EnumerateArray().Select(alarm => alarm.GetString()).ToList() ?? [];
                if (!alarms.Contains("CameraFault"))
                {
                    trial.Break("recovery", $"state Fault without the camera alarm (alarms: {string.Join(", ", alarms)})");
                }
            }

            await session.Device.PostAsync("api/recording/start");
            await Task.Delay(trial.Random.Next(200, 1500));
            if (await session.Device.StateAsync() is not "Fault")
            {
                trial.Break("recovery", "a start request in Fault left it (no camera to record from)");
            }

            session.Stop(trial);
            if (session.Workspace.Clips().Count != 0)
            {
                trial.Break("clips", "clips written without a camera");
            }

            session.Check(trial);
        }
        finally
        {
            session.Remove(keep: !trial.Survived);
        }
    }
}
