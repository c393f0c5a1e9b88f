// The whole device as `bodycam run` and the emulator build it (DeviceAssembly) over virtual pins,
// a virtual recordings volume and the virtual camera, on a stepping fake clock: real pre-record
// buffer, real recording writer, real files in a temporary directory. Time passes only through
// AdvanceAsync, which steps the clock from one timer's due time to the next and at each lets the
// recording writer (a task of its own, writing real files) catch up with the camera
// (CapturePipeline.IdleAsync): a wait for the writer's work, not for time. Nothing here sleeps.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Composition;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Hardware.Virtual;

namespace BodyCamDevice.Firmware.Tests.Capture.Pipeline;

internal sealed class PipelineDevice : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private PipelineDevice(DeviceOptions options, string directory, string? stateDirectory)
    {
        Directory = directory;
        Time = new SteppingTimeProvider(Epoch);
        Drivers = new VirtualDrivers(Time);
        var validated = ValidatedDeviceOptions.From(options);
        var noParts = new OptionalHardwarePorts((bus, address) => throw new IOException($"no I2C bus {bus} here"), Serial: null, InMemory: true);
        Evidence = stateDirectory is null ? null : Firmware.Evidence.DeviceEvidence.Open(stateDirectory, validated.Value, "test", Time);
        Assembly = new DeviceAssembly(validated, Drivers.ForDevice(validated, VirtualCameraSource.Factory(made => Camera = made), noParts), Time, "test", Evidence);
        Device = VirtualDevice.Over(Assembly.Device, Drivers, Time);
    }

    public string Directory { get; }

    /// <summary>The evidence state (device key, chain, encryption) when made with one; else clips are plain.</summary>
    public Firmware.Evidence.DeviceEvidence? Evidence { get; }
    public SteppingTimeProvider Time { get; }
    public VirtualDrivers Drivers { get; }
    public DeviceAssembly Assembly { get; }
    public VirtualDevice Device { get; }
    public VirtualCameraSource Camera { get; private set; } = null!;
    public CapturePipeline Capture => Assembly.Capture;
    public DeviceOptions Options => Assembly.Options;
    public DeviceController Controller => Device.Controller;
    public DeviceState State => Controller.Status.State;

    /// <summary>A device recording into <paramref name="directory"/>: the defaults with the given pre-record, then <paramref name="configure"/>.</summary>
    /// <param name="stateDirectory">Where the evidence state goes; null records plain, unsigned clips.</param>
    public static PipelineDevice Create(string directory, TimeSpan preRecord, Action<DeviceOptions>? configure = null, string? stateDirectory = null)
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-PIPE01";
        options.Identity.OfficerId = "4711";
        options.Recording.PreRecord = preRecord;
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        CameraChoice.Virtual.Apply(options, directory);
        configure?.Invoke(options);
        return new PipelineDevice(options, directory, stateDirectory);
    }

    /// <summary>Powers on and lets <paramref name="buffered"/> of video into the pre-record buffer.</summary>
    public async Task StartAsync(TimeSpan buffered)
    {
        Assembly.Start();
        await AdvanceAsync(buffered);
        Assert.That(State, Is.EqualTo(DeviceState.Buffering), "buffering once the camera delivers");
    }

    /// <summary>Lets <paramref name="duration"/> of device time pass, the recording writer keeping up.</summary>
    public async Task AdvanceAsync(TimeSpan duration)
    {
        var end = Time.GetUtcNow() + duration;
        while (true)
        {
            await Capture.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var left = end - Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            Time.StepToNextTimer(left);
        }
    }

    /// <summary>Lets device time pass until <paramref name="condition"/> holds; fails after <paramref name="within"/>.</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = Time.GetUtcNow() + within;
        while (true)
        {
            await Capture.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (condition())
            {
                return;
            }

            if (Time.GetUtcNow() >= deadline)
            {
                Assert.Fail($"{what}: not within {within.TotalSeconds} s of device time; the device is {State}");
            }

            await AdvanceAsync(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>A press of the record button: down for <paramref name="down"/>, then up.</summary>
    public async Task PressAsync(TimeSpan down, DeviceInput input = DeviceInput.RecordButton)
    {
        Device.SetInput(input, true);
        await AdvanceAsync(down);
        Device.SetInput(input, false);
        await Capture.IdleAsync();
    }

    /// <summary>The sealed manifests in the directory, in file-name order (recording, then clip).</summary>
    public IReadOnlyList<ClipManifest> Manifests() =>
        [.. System.IO.Directory.GetFiles(Directory, "*_clip*.json").Order(StringComparer.Ordinal).Select(path => ManifestJson.Parse(File.ReadAllBytes(path)))];

    public string ClipPath(ClipManifest manifest) => Path.Combine(Directory, manifest.File.Name);

    public async ValueTask DisposeAsync()
    {
        await Assembly.DisposeAsync();
        Evidence?.Dispose();
    }
}
