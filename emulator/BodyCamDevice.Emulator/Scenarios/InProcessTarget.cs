// Runs a scenario against an emulated device in this process. On virtual time a wait steps the
// SteppingTimeProvider through every timer due on the way (two hours of reminders take
// seconds); on real time it sleeps, and presses are timed by the RigFinger as over the API.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Emulator.Scenarios;

internal sealed class InProcessTarget(EmulatedDevice device, SteppingTimeProvider? virtualTime) : IScenarioTarget
{
    private RigDevice Rig => device.Rig;

    public string Description => virtualTime is null ? "in-process emulator, real time" : "in-process emulator, virtual time";

    public bool IsVirtualTime => virtualTime is not null;

    public Task<double> NowMsAsync() => Task.FromResult(Rig.Timeline.NowMs);

    public Task WaitAsync(TimeSpan duration)
    {
        if (virtualTime is not null)
        {
            virtualTime.Step(duration);
            return Task.CompletedTask;
        }

        return Task.Delay(duration);
    }

    public Task SetInputAsync(string input, bool active)
    {
        Rig.Inputs.Set(Parse(input), active);
        return Task.CompletedTask;
    }

    public async Task PressAsync(string input, TimeSpan down)
    {
        if (virtualTime is null)
        {
            await Rig.Finger.PressAsync(Parse(input), down, CancellationToken.None);
            return;
        }

        await SetInputAsync(input, true);
        await WaitAsync(down);
        await SetInputAsync(input, false);
    }

    public async Task DoublePressAsync(string input, TimeSpan down, TimeSpan gap)
    {
        if (virtualTime is null)
        {
            await Rig.Finger.DoublePressAsync(Parse(input), down, gap, CancellationToken.None);
            return;
        }

        await PressAsync(input, down);
        await WaitAsync(gap);
        await PressAsync(input, down);
    }

    public Task RequestAsync(string action)
    {
        switch (action)
        {
            case "start":
                Rig.Controller.RequestStart(TriggerSource.ControlApi);
                break;
            case "stop":
                Rig.Controller.RequestStop(StopReason.ControlApi);
                break;
            default:
                Rig.Controller.RequestMarker("control api");
                break;
        }

        return Task.CompletedTask;
    }

    public Task SetDockAsync(bool docked) => SetInputAsync("dock", docked);

    public Task SetBatteryAsync(int percent) => Do(() => device.Environment.SetBatteryPercent(percent));

    public Task SetFreeStorageAsync(long megabytes) => Do(() => device.Environment.SetFreeStorageMegabytes(megabytes));

    public Task InjectCameraFaultAsync(string detail) => Do(() => device.Environment.InjectCameraFault(detail));

    public Task RecoverCameraAsync() => Do(device.Environment.RecoverCamera);

    public Task SetGnssAsync(GnssRequest request) => Do(() =>
    {
        if (request.Latitude is { } latitude && request.Longitude is { } longitude)
        {
            device.Environment.SetGnssFix(latitude, longitude, request.AltitudeMeters ?? 35, request.Satellites ?? 9);
        }
        else
        {
            device.Environment.SetGnssNoFix(request.Silent == true);
        }
    });

    public Task SetRtcAsync(RtcRequest request) => Do(() => device.Environment.SetRtc(Enum.Parse<RtcChipState>(request.State, ignoreCase: true), request.Utc));

    public Task<StatusView> StatusAsync() => Task.FromResult(RigViews.Status(Rig));

    public Task<OutputTraceView> TraceAsync(string output, double? sinceMs) => Task.FromResult(RigViews.Trace(Rig, output, sinceMs));

    public Task<IReadOnlyList<ToneView>> TonesAsync() => Task.FromResult(RigViews.Tones(Rig, null));

    public Task<IReadOnlyList<AuditView>> AuditAsync(long afterSequence) => Task.FromResult(RigViews.Audit(Rig, afterSequence));

    public Task<IReadOnlyList<RecordingView>> RecordingsAsync() => Task.FromResult(device.Recordings.List());

    public ValueTask DisposeAsync() => device.DisposeAsync();

    private static DeviceInput Parse(string input) =>
        RigInputNames.TryParse(input, out var parsed) ? parsed : throw new ScenarioFormatException($"unknown input '{input}' (record, function, dock, trigger)");

    private static Task Do(Action action)
    {
        action();
        return Task.CompletedTask;
    }
}
