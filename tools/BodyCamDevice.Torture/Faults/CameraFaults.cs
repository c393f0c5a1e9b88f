// Camera faults during a recording: the encoder killed (SIGKILL of the device's ffmpeg), and the
// encoder stopped (SIGSTOP: the process stays, no frame comes) for 1–6 s before SIGCONT. The
// device must notice (the stall watchdog), restart its camera and go on recording.
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class EncoderKilledFault : RecordingFault
{
    public override string Name => "encoder-killed";

    public override string Description => "SIGKILL of the camera's ffmpeg at a random moment of a recording";

    protected override async Task InjectAsync(Trial trial, DeviceSession session)
    {
        if (session.Device!.EncoderId() is not { } encoder)
        {
            trial.Break("trial", "no ffmpeg child of the device to kill");
            return;
        }

        trial.Log($"SIGKILL to ffmpeg {encoder}");
        Posix.Signal(encoder, Posix.SigKill);
        await CameraFaultSupport.WaitForNewEncoderAsync(trial, session, encoder);
    }
}

internal sealed class EncoderStoppedFault : RecordingFault
{
    public override string Name => "encoder-stopped";

    public override string Description => "SIGSTOP of the camera's ffmpeg for 1–6 s of a recording (no frames), then SIGCONT";

    protected override async Task InjectAsync(Trial trial, DeviceSession session)
    {
        if (session.Device!.EncoderId() is not { } encoder)
        {
            trial.Break("trial", "no ffmpeg child of the device to stop");
            return;
        }

        int stopped = trial.Random.Next(1000, 6000);
        trial.Log($"SIGSTOP to ffmpeg {encoder} for {stopped} ms");
        Posix.Signal(encoder, Posix.SigStop);
        await Task.Delay(stopped);
        Posix.Signal(encoder, Posix.SigCont);
        await Task.Delay(500);
        if (session.Device.EncoderId() != encoder)
        {
            await CameraFaultSupport.WaitForNewEncoderAsync(trial, session, encoder);
        }
    }
}

internal static class CameraFaultSupport
{
    // The device must start a new camera within the recovery bound.
    public static async Task WaitForNewEncoderAsync(Trial trial, DeviceSession session, int old)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < Fault.RecoveryBound)
        {
            if (session.Device!.EncoderId() is { } encoder && encoder != old)
            {
                trial.Log($"new ffmpeg {encoder} after {clock.Elapsed.TotalSeconds:F2} s");
                return;
            }

            await Task.Delay(50);
        }

        trial.Break("recovery", $"no new camera within {Fault.RecoveryBound.TotalSeconds} s of losing the encoder");
    }
}
