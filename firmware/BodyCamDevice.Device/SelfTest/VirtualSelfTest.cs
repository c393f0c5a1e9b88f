// `bodycam selftest --virtual`: the firmware on virtual pins with the stand-in recording pipeline
// (no camera, no ffmpeg, no GPIO: it runs anywhere the runtime does, an arm64 build under qemu
// included), played through a scripted scenario on the real clock: power on, double-press the
// record button, watch the red LED, hold the button to stop. The ScenarioJudge then checks the
// traces against the configuration. About 8 s with the defaults.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Device.SelfTest;

internal sealed class VirtualSelfTest(DeviceOptions options, TimeSpan watch, TimeProvider time)
{
    /// <summary>
    /// How long each wait for a state may take before the check fails: generous, because under
    /// user-mode emulation the first pass through the firmware is compiled slowly; a device that
    /// behaves reaches each state within milliseconds, so this costs nothing when it passes.
    /// </summary>
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PressLength = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PressGap = TimeSpan.FromMilliseconds(150);

    /// <summary>Held this much beyond Buttons.HoldToStop, as a hand would.</summary>
    private static readonly TimeSpan HoldMargin = TimeSpan.FromMilliseconds(300);

    /// <summary>Every check, in order, each also printed to <paramref name="output"/> as it is made.</summary>
    public async Task<IReadOnlyList<SelfTestCheck>> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var checks = new List<SelfTestCheck>();
        void Report(SelfTestCheck check)
        {
            checks.Add(check);
            output.WriteLine(check);
        }

        using var device = new VirtualDevice(options, time);
        var timeline = new RigTimeline(time);
        var outputs = new TracedOutputs(options.Pins, device.Tracing.Trace);
        var judge = new ScenarioJudge(options);
        var vibrates = options.Tones.Vibration && options.Pins.Vibration.Enabled;

        output.WriteLine("selftest: the firmware on virtual GPIO and PWM with the stand-in recording pipeline, on the real clock");
        device.Start();
        Report(ScenarioJudge.State("powers on and buffers", DeviceState.Buffering, await WaitForAsync(device, DeviceState.Buffering, cancellationToken)));
        if (checks[^1].Passed is false)
        {
            return checks;
        }

        output.WriteLine($"selftest: double-pressing the record button ({PressLength.TotalMilliseconds:0} ms presses, {PressGap.TotalMilliseconds:0} ms apart)");
        var pressedAt = timeline.NowMs;
        await PressAsync(device, PressLength, cancellationToken);
        await Task.Delay(PressGap, time, cancellationToken);
        await PressAsync(device, PressLength, cancellationToken);
        Report(ScenarioJudge.State("a double-press starts a recording", DeviceState.Recording, await WaitForAsync(device, DeviceState.Recording, cancellationToken)));
        var recordingAt = timeline.NowMs;

        output.WriteLine($"selftest: watching the red LED for {watch.TotalSeconds:0.#} s");
        await Task.Delay(watch, time, cancellationToken);
        var holdAt = timeline.NowMs;
        var hold = options.Buttons.HoldToStop + HoldMargin;
        output.WriteLine($"selftest: holding the record button for {hold.TotalSeconds:0.#} s");
        await PressAsync(device, hold, cancellationToken);
        Report(ScenarioJudge.State("holding it stops the recording", DeviceState.Buffering, await WaitForAsync(device, DeviceState.Buffering, cancellationToken)));
        var stoppedAt = timeline.NowMs;

        // Let the stop tone (and its vibration) finish before reading the traces.
        await Task.Delay(options.Tones.LongBeep + TimeSpan.FromMilliseconds(300), time, cancellationToken);
        var endAt = timeline.NowMs;

        var red = RigViews.Edges(outputs, timeline, TracedOutputs.RecordIndicator);
        var tones = RigViews.Tones(outputs, timeline, sinceMs: null);
        var startWindowEnd = recordingAt + 1000;
        Report(judge.RecordLedBlinks(red, recordingAt, holdAt));
        Report(judge.Beeps("start tone", tones, pressedAt, startWindowEnd, 2, options.Tones.ShortBeep));
        if (vibrates)
        {
            var vibration = RigViews.Edges(outputs, timeline, TracedOutputs.Vibration);
            Report(ScenarioJudge.Pulses("start", vibration, pressedAt, startWindowEnd, 2));
            Report(ScenarioJudge.Pulses("stop", vibration, holdAt, endAt, 1));
        }

        Report(ScenarioJudge.StaysOff("red LED off once stopped", red, stoppedAt, endAt));
        Report(judge.Beeps("stop tone", tones, holdAt, endAt, 1, options.Tones.LongBeep));
        return checks;
    }

    private async Task PressAsync(VirtualDevice device, TimeSpan length, CancellationToken cancellationToken)
    {
        device.SetInput(DeviceInput.RecordButton, true);
        try
        {
            await Task.Delay(length, time, cancellationToken);
        }
        finally
        {
            device.SetInput(DeviceInput.RecordButton, false);
        }
    }

    // The state once it is <paramref name="expected"/>, or whatever it is when the wait times out.
    private async Task<DeviceState> WaitForAsync(VirtualDevice device, DeviceState expected, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(StateTimeout.TotalSeconds * time.TimestampFrequency);
        while (device.Controller.Status.State != expected && time.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken);
        }

        return device.Controller.Status.State;
    }
}
