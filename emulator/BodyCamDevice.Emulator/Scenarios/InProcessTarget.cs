// Runs a scenario against an emulated device in this process. On virtual time a wait steps the
// SteppingTimeProvider through every timer due on the way (two hours of reminders take
// seconds); on real time it sleeps, and presses are timed by the RigFinger as over the API.
//
// On virtual time the camera delivers as fast as the clock is stepped, while the recording writer
// writes real files on a task of its own. So the clock moves from one timer's due time to the next
// (a camera frame, a blink, the writer's poll), and at each, after every action and before every
// look at the device, the writer is let catch up (CapturePipeline.IdleAsync, a wait on the real
// clock for the writer's work, not for device time): what a step sees is what the device would
// have done by then, at the instant it would have done it.
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

    public async Task WaitAsync(TimeSpan duration)
    {
        if (virtualTime is null)
        {
            await Task.Delay(duration);
            return;
        }

        var end = virtualTime.GetUtcNow() + duration;
        while (true)
        {
            await CatchUpAsync();
            var left = end - virtualTime.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            virtualTime.StepToNextTimer(left);
        }
    }

    public Task SetInputAsync(string input, bool active)
    {
        Rig.Inputs.Set(Parse(input), active);
        return CatchUpAsync();
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

        return CatchUpAsync();
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

    public async Task<StatusView> StatusAsync()
    {
        await CatchUpAsync();
        return RigViews.Status(Rig);
    }

    public async Task<OutputTraceView> TraceAsync(string output, double? sinceMs)
    {
        await CatchUpAsync();
        return RigViews.Trace(Rig, output, sinceMs);
    }

    public async Task<IReadOnlyList<ToneView>> TonesAsync()
    {
        await CatchUpAsync();
        return RigViews.Tones(Rig, null);
    }

    public async Task<IReadOnlyList<AuditView>> AuditAsync(long afterSequence)
    {
        await CatchUpAsync();
        return RigViews.Audit(Rig, afterSequence);
    }

    public async Task<IReadOnlyList<RecordingView>> RecordingsAsync()
    {
        await CatchUpAsync();
        return device.Recordings.List();
    }

    public ValueTask DisposeAsync() => device.DisposeAsync();

    // Virtual time only: the recording writer and the device's event loop have done what the device
    // would have by now. The loop matters as much as the writer: a timer that fires while the
    // writer's thread is running the loop (a clip sealed, a buffer report) is handled on that
    // thread a moment later, and its work may create the next timer (a reminder). Stepping on
    // before that would find no timer due and jump past the reminder. The clock's own timers too:
    // the timers a step made due may run on the writer's thread, after the step has returned
    // (SteppingTimeProvider.IsQuiet), and they arm the next ones (a camera frame, a reminder).
    // Waits on the real clock.
    private async Task CatchUpAsync()
    {
        if (virtualTime is null)
        {
            return;
        }

        var loop = device.Assembly.Device.Loop;
        var spin = new SpinWait();
        while (true)
        {
            await device.Capture.IdleAsync();
            if (virtualTime.IsQuiet && loop.IsIdle && device.Capture.IsIdle)
            {
                return;
            }

            // What is still running usually ends within microseconds (a timer's callback on the
            // writer's thread): spin a little before sleeping a millisecond at a time.
            if (spin.Count < 50)
            {
                spin.SpinOnce();
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }

    private static DeviceInput Parse(string input) =>
        RigInputNames.TryParse(input, out var parsed) ? parsed : throw new ScenarioFormatException($"unknown input '{input}' (record, function, dock, trigger)");

    private Task Do(Action action)
    {
        action();
        return CatchUpAsync();
    }
}
