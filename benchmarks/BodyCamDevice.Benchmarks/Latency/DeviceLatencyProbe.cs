// The device: the real controller and pin adapters on VirtualDevice over TimeProvider.System, the
// record button in toggle mode. Each press either starts a recording (red LED on) or stops it
// (red LED off); the pipeline confirms at once (InstantPipeline), so the figure is the firmware's
// own path from pin edge through debounce, gesture, state machine and indicator to the LED pin.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Benchmarks.Latency;

internal static class DeviceLatencyProbe
{
    public sealed record Result(LatencySamples On, LatencySamples Off, int LoopFailures);

    public static Result Run(ValidatedDeviceOptions validated, int presses, int warmup, TimeSpan down, TimeSpan up)
    {
        var options = validated.Value;
        var time = TimeProvider.System;
        using var device = new VirtualDevice(validated, time, new InstantPipeline());
        var failures = 0;
        device.Loop.WorkFailed += _ => Interlocked.Increment(ref failures);
        device.Start();
        WaitUntilSettled(device);

        var red = device.RecordIndicatorPin;
        var lit = options.Pins.RecordIndicator.ActiveLevel == ActiveLevel.High ? PinValue.High : PinValue.Low;
        var dark = lit == PinValue.High ? PinValue.Low : PinValue.High;
        using var catcher = new OutputEdgeCatcher(device.Gpio, time, red);
        var on = new LatencySamples("device: press -> red LED on");
        var off = new LatencySamples("device: press -> red LED off");
        for (var i = 0; i < warmup + presses; i++)
        {
            WaitUntilSettled(device);
            var starting = device.Controller.Status.State == DeviceState.Buffering;
            var into = i < warmup ? null : starting ? on : off;
            catcher.Measure(starting ? lit : dark, () => device.SetInput(DeviceInput.RecordButton, true), into);
            Thread.Sleep(down);
            device.SetInput(DeviceInput.RecordButton, false);
            Thread.Sleep(up);
        }

        return new Result(on, off, failures);
    }

    /// <summary>Waits (briefly) until the device is buffering or recording, not between the two.</summary>
    private static void WaitUntilSettled(VirtualDevice device)
    {
        var settled = SpinWait.SpinUntil(
            () => device.Controller.Status.State is DeviceState.Buffering or DeviceState.Recording,
            TimeSpan.FromSeconds(2));
        if (!settled)
        {
            throw new InvalidOperationException($"The device did not settle: it is {device.Controller.Status.State}.");
        }
    }
}
