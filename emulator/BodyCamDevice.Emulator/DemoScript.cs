// The scripted demo and smoke check: power on, wait 2 s, start a recording with the record
// button, add a marker after ~2.5 s, hold the button to stop after ~5 s, wait 1 s. Then it checks
// what the device reported (audit trail, state, red LED) and fails the run if something is missing.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Emulator;

internal sealed class DemoScript(VirtualDevice device, Finger finger, ConsoleTrace trace, TimeProvider time)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var buttons = device.Options.Buttons;
        var toggles = buttons.RecordButtonMode == RecordButtonMode.SinglePressToggles;

        trace.Note("demo: power on");
        device.Start();
        await WaitAsync(2.0, cancellationToken);

        if (toggles)
        {
            trace.Note("demo: press record button to start");
            await finger.TapAsync(DeviceInput.RecordButton, cancellationToken);
        }
        else
        {
            trace.Note("demo: double-press record button to start");
            await finger.DoublePressAsync(DeviceInput.RecordButton, cancellationToken);
        }

        await WaitAsync(2.5, cancellationToken);
        var markerButton = toggles ? DeviceInput.FunctionButton : DeviceInput.RecordButton;
        trace.Note($"demo: press {(toggles ? "function" : "record")} button for a marker");
        await finger.TapAsync(markerButton, cancellationToken);
        await WaitAsync(2.4, cancellationToken);

        if (toggles)
        {
            trace.Note("demo: press record button to stop");
            await finger.TapAsync(DeviceInput.RecordButton, cancellationToken);
        }
        else
        {
            trace.Note($"demo: hold record button {buttons.HoldToStop.TotalSeconds:0.#} s to stop");
            await finger.HoldAsync(DeviceInput.RecordButton, buttons.HoldToStop, cancellationToken);
        }

        await WaitAsync(1.0, cancellationToken);
        return Check();
    }

    private Task WaitAsync(double seconds, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken);

    private int Check()
    {
        var kinds = device.Audit.Entries.Select(entry => entry.Kind).ToList();
        var status = device.Controller.Status;
        var checks = new List<(string What, bool Passed)>
        {
            ("a recording started", kinds.Contains("recording-started")),
            ("a marker was added", kinds.Contains("marker")),
            ("the recording stopped", kinds.Contains("recording-stopped")),
            ($"back to Buffering (now {status.State})", status.State == DeviceState.Buffering),
        };

        if (device.Options.Pins.RecordIndicator.Pwm is null)
        {
            var red = device.RecordIndicatorPin;
            var level = device.Options.Pins.RecordIndicator.ActiveLevel;
            var lit = level == ActiveLevel.High ? PinValue.High : PinValue.Low;
            var started = device.Audit.Entries.FirstOrDefault(entry => entry.Kind == "recording-started")?.Time ?? DateTimeOffset.MaxValue;
            checks.Add(("the red LED lit while recording", device.Gpio.EdgesOf(red).Any(edge => edge.IsOutput && edge.Value == lit && edge.Time >= started)));
            checks.Add(("the red LED is off", !device.IsLit(red, level)));
        }

        foreach (var (what, passed) in checks)
        {
            trace.Note($"demo check: {what}: {(passed ? "ok" : "FAILED")}");
        }

        var failed = checks.Count(check => !check.Passed);
        trace.Note(failed == 0 ? "demo: passed" : $"demo: {failed} check(s) failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.DemoFailed;
    }
}
