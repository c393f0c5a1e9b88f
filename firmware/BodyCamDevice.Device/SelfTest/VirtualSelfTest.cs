// `bodycam selftest --virtual`: the device as `bodycam run` assembles it (DeviceAssembly) on
// virtual pins with the virtual camera (no camera, no ffmpeg, no GPIO: it runs anywhere the
// runtime does, an arm64 build under qemu included), played through a scripted scenario on the
// real clock: power on, double-press the record button, watch the red LED, hold the button to
// stop. The ScenarioJudge then checks the traces against the configuration, and the recording
// must be sealed in a clip with its manifest (written to a scratch directory of the self-test's
// own, never the device's recordings). About 8 s with the defaults.
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Composition;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Device.SelfTest;

/// <param name="validated">The configuration, its Recording.Directory the self-test's scratch directory.</param>
internal sealed class VirtualSelfTest(ValidatedDeviceOptions validated, TimeSpan watch, TimeProvider time)
{
    private readonly DeviceOptions options = validated.Value;

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

        var drivers = new VirtualDrivers(time);
        var parts = new OptionalHardwarePorts((bus, address) => throw new IOException($"no I2C bus {bus} on virtual hardware"), Serial: null, InMemory: true);
        await using var assembly = new DeviceAssembly(validated, drivers.ForDevice(validated, VirtualCameraSource.Factory(), parts), time, FirmwareVersion.Text, evidence: null);
        var device = VirtualDevice.Over(assembly.Device, drivers, time);
        var timeline = new RigTimeline(time);
        var outputs = new TracedOutputs(options.Pins, device.Tracing.Trace);
        var judge = new ScenarioJudge(options);
        var vibrates = options.Tones.Vibration && options.Pins.Vibration.Enabled;

        output.WriteLine("selftest: the firmware on virtual GPIO and PWM with the virtual camera, on the real clock");
        assembly.Start();
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
        Report(Sealed(options.Recording.Directory));
        return checks;
    }

    // The recording's one clip on storage with its manifest, which says it is the final clip and
    // gives the file's size.
    private static SelfTestCheck Sealed(string directory)
    {
        const string name = "the recording is sealed in a clip with its manifest";
        var manifests = Directory.Exists(directory) ? Directory.GetFiles(directory, "*_clip*.json") : [];
        if (manifests.Length != 1)
        {
            return new SelfTestCheck(name, false, $"{manifests.Length} manifest(s) in {directory}");
        }

        var manifest = ManifestJson.Parse(File.ReadAllBytes(manifests[0]));
        var clip = new FileInfo(Path.Combine(directory, manifest.File.Name));
        var passed = manifest.FinalClip && clip.Exists && clip.Length == manifest.File.SizeBytes && manifest.Frames.VideoFrames > 0;
        return new SelfTestCheck(name, passed, $"{manifest.File.Name}: {(clip.Exists ? clip.Length : 0)} bytes, the manifest says {manifest.File.SizeBytes}; {manifest.Frames.VideoFrames} video frames, {(manifest.FinalClip ? "final clip" : "not the final clip")}");
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
