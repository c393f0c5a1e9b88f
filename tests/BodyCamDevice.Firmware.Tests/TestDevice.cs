// A device on virtual pins and virtual time: the real controller and pin adapters over
// VirtualGpioDriver, VirtualPwmChannel and a stepping fake clock, recording through a
// FakeRecordingPipeline. Nothing here sleeps.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests;

internal sealed class TestDevice : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public TestDevice(Action<DeviceOptions>? configure = null, bool start = true, DateTimeOffset? now = null)
    {
        Options = new DeviceOptions();
        configure?.Invoke(Options);
        Time = new SteppingTimeProvider(now ?? Epoch);
        Pipeline = new FakeRecordingPipeline(Time);
        Device = new VirtualDevice(ValidatedDeviceOptions.From(Options), Time, Pipeline);
        Failures = new List<Exception>();
        Device.Loop.WorkFailed += Failures.Add;
        if (start)
        {
            Device.Start();
            SettleBoot();
        }
    }

    public DeviceOptions Options { get; }
    public SteppingTimeProvider Time { get; }
    public FakeRecordingPipeline Pipeline { get; }
    public VirtualDevice Device { get; }
    public List<Exception> Failures { get; }
    public DeviceState State => Device.Controller.Status.State;
    public VirtualGpioDriver Gpio => Device.Gpio;
    public VirtualPwmChannel Beeper => Device.BeeperChannel!;
    public IReadOnlyList<AuditEntry> AuditEntries => Device.Audit.Entries;

    public void Advance(double milliseconds) => Time.Step(TimeSpan.FromMilliseconds(milliseconds));

    public void Advance(TimeSpan duration) => Time.Step(duration);

    public void SetRecordButton(bool pressed) => Device.SetInput(DeviceInput.RecordButton, pressed);

    /// <summary>Press for <paramref name="downMs"/>, release, then wait <paramref name="afterMs"/>.</summary>
    public void Press(double downMs = 100, double afterMs = 0, DeviceInput input = DeviceInput.RecordButton)
    {
        Device.SetInput(input, true);
        Advance(downMs);
        Device.SetInput(input, false);
        Advance(afterMs);
    }

    public void DoublePress(double gapMs = 150)
    {
        Press(100, gapMs);
        Press(100);
    }

    public void Hold(TimeSpan duration, DeviceInput input = DeviceInput.RecordButton)
    {
        Device.SetInput(input, true);
        Advance(duration);
        Device.SetInput(input, false);
    }

    /// <summary>Lets the boot beep finish and the quiet period pass, then clears traces.</summary>
    public void SettleBoot()
    {
        Advance(1000);
        ClearTraces();
    }

    public void ClearTraces()
    {
        Gpio.ClearTrace();
        foreach (var channel in Device.PwmChannels.Values)
        {
            channel.ClearTrace();
        }
    }

    public long StartTimestamp { get; private set; }

    /// <summary>Marks "now" as time zero for <see cref="OutputEdges"/> and <see cref="Tones"/>.</summary>
    public void MarkTimeZero() => StartTimestamp = Time.GetTimestamp();

    /// <summary>Output edges of one pin as (ms since time zero, high?).</summary>
    public IReadOnlyList<(double Ms, bool High)> OutputEdges(int pin) =>
        Gpio.EdgesOf(pin).Where(e => e.IsOutput).Select(e => (Ms(e.Timestamp), e.Value == PinValue.High)).ToArray();

    /// <summary>Tone events as (ms since time zero, kind, Hz).</summary>
    public IReadOnlyList<(double Ms, ToneEventKind Kind, int Hz)> Tones() =>
        Beeper.Trace.Select(e => (Ms(e.Timestamp), e.Kind, e.FrequencyHz)).ToArray();

    public int ToneStarts() => Beeper.Trace.Count(e => e.Kind == ToneEventKind.Started);

    public bool RedLit => Device.IsLit(Device.RecordIndicatorPin);

    public bool GreenLit => Device.IsLit(Device.StatusLedPin);

    public void Dispose() => Device.Dispose();

    private double Ms(long timestamp) => Math.Round(Time.GetElapsedTime(StartTimestamp, timestamp).TotalMilliseconds, 3);
}
