// The whole device as `bodycam run` and the emulator build it (DeviceAssembly) over virtual pins
// and the virtual camera, recording real clips into a temporary directory on a stepping clock,
// then docked against a real Swift on 127.0.0.1 through a connection file. Recording advances
// device time step by step (the writer catching up at each); the offload talks to the store in
// real time, so a test waits for the status it expects (DockStatusAsync), never for a duration.
using System.Text.Json.Nodes;
using BodyCamDevice.DevServices;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Composition;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;
using BodyCamDevice.Firmware.Core.Offload;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Hardware.Clock;
using BodyCamDevice.Firmware.Hardware.Rtc;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Offload.Dock;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Offload.Tests.Store.Dock;

internal sealed class DockedDevice : IAsyncDisposable
{
    private DockedDevice(DeviceOptions options, string directory, string connectionPath, IClockSetter? clock, int ntpPort, IRtcSetter? rtc)
    {
        Directory = directory;
        ConnectionPath = connectionPath;
        // Recordings a few minutes old, so their expiry is weeks ahead of the store's clock.
        Time = new SteppingTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600));
        Drivers = new VirtualDrivers(Time);
        var validated = ValidatedDeviceOptions.From(options);
        var noParts = new OptionalHardwarePorts((bus, address) => throw new IOException($"no I2C bus {bus} here"), Serial: null, InMemory: true);
        var drivers = Drivers.ForDevice(validated, VirtualCameraSource.Factory(), noParts) with
        {
            EvidenceStore = new DockOffloadPorts(connectionPath, Path.Combine(directory, "journal"), Clock: clock, NtpPort: ntpPort, Rtc: rtc),
        };
        Assembly = new DeviceAssembly(validated, drivers, Time, "test", evidence: null);
        Device = VirtualDevice.Over(Assembly.Device, Drivers, Time);
    }

    public string Directory { get; }
    public string ConnectionPath { get; }
    public SteppingTimeProvider Time { get; }
    public VirtualDrivers Drivers { get; }
    public DeviceAssembly Assembly { get; }
    public VirtualDevice Device { get; }
    public DeviceController Controller => Device.Controller;
    public DeviceState State => Controller.Status.State;
    public string Officer => Assembly.Options.Identity.OfficerId;

    /// <summary>A device with its own officer ID (so its containers are its own), its clips <paramref name="clipLength"/> long.</summary>
    /// <param name="authUri">Where the connection file points (a proxy in front of the store); null: the store itself.</param>
    /// <param name="ntpPort">When given, the connection names the store as the time source and its host answers SNTP on this port.</param>
    /// <param name="clock">What the dock may set the clock with; null: it may not.</param>
    /// <param name="rtc">The fitted RTC the dock sets after the clock; null: none fitted.</param>
    public static DockedDevice Create(SwiftDevStore store, string directory, Uri? authUri = null, TimeSpan? clipLength = null, bool connection = true,
        int? ntpPort = null, IClockSetter? clock = null, Action<DeviceOptions>? configure = null, IRtcSetter? rtc = null)
    {
        var options = new DeviceOptions();
        options.Identity.DeviceSerial = "BC-" + Random.Shared.Next(100000, 999999);
        options.Identity.OfficerId = "D" + Guid.NewGuid().ToString("N")[..8];
        options.Recording.PreRecord = TimeSpan.FromSeconds(1);
        options.Recording.ClipLength = clipLength ?? TimeSpan.FromMinutes(5);
        options.Recording.ReserveMegabytes = 1;
        options.Recording.NearFullFraction = 0;
        options.Offload.RetryDelay = TimeSpan.FromMilliseconds(20);
        options.Offload.RetryMaxDelay = TimeSpan.FromMilliseconds(100);
        options.Offload.RetryAttempts = 2;
        CameraChoice.Virtual.Apply(options, Path.Combine(directory, "recordings"));
        var connectionPath = Path.Combine(directory, "connection.json");
        if (connection)
        {
            var json = JsonNode.Parse(File.ReadAllText(store.ConnectionFile))!;
            json["AuthenticationTokenURI"] = new JsonArray((authUri ?? store.AuthUri).ToString());
            json["ContentDestinationAsNTPServer"] = ntpPort is not null;
            File.WriteAllText(connectionPath, json.ToJsonString());
        }

        configure?.Invoke(options);
        return new DockedDevice(options, directory, connectionPath, clock, ntpPort ?? 123, rtc);
    }

    public string RecordingsDirectory => Assembly.Options.Recording.Directory;

    public async Task StartAsync()
    {
        Assembly.Start();
        await AdvanceAsync(TimeSpan.FromSeconds(1.5));
        Assert.That(State, Is.EqualTo(DeviceState.Buffering));
    }

    /// <summary>A recording of about <paramref name="length"/>, through the control API's route.</summary>
    public async Task RecordAsync(TimeSpan length)
    {
        Controller.RequestStart(TriggerSource.ControlApi);
        await AdvanceAsync(length);
        Controller.RequestStop(StopReason.ControlApi);
        for (var step = 0; step < 500 && State != DeviceState.Buffering; step++)
        {
            await AdvanceAsync(TimeSpan.FromMilliseconds(10));
        }

        Assert.That(State, Is.EqualTo(DeviceState.Buffering), "sealed");
        await AdvanceAsync(TimeSpan.FromSeconds(1.5));
    }

    /// <summary>Sets the dock contact and lets the debounce pass.</summary>
    public async Task DockAsync(bool docked)
    {
        Device.SetInput(DeviceInput.DockDetect, docked);
        await AdvanceAsync(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Waits (real time: the store answers in its own time) until the offload's status satisfies <paramref name="condition"/>.</summary>
    public async Task<DockOffloadStatus> DockStatusAsync(Func<DockOffloadStatus, bool> condition, string what, int seconds = 120)
    {
        var reached = new TaskCompletionSource<DockOffloadStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(DeviceStatus status)
        {
            if (status.Offload is { } offload && condition(offload))
            {
                reached.TrySetResult(offload);
            }
        }

        Controller.StatusChanged += Check;
        try
        {
            Check(Controller.Status);
            return await reached.Task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what}: not within {seconds} s; offload {Controller.Status.Offload}");
            throw;
        }
        finally
        {
            Controller.StatusChanged -= Check;
        }
    }

    public IReadOnlyList<string> AuditKinds() => [.. Device.Audit.Entries.Select(entry => entry.Kind)];

    public IReadOnlyList<ClipManifest> Manifests() =>
        [.. System.IO.Directory.GetFiles(RecordingsDirectory, "*_clip*.json").Order(StringComparer.Ordinal).Select(path => ManifestJson.Parse(File.ReadAllBytes(path)))];

    public async Task AdvanceAsync(TimeSpan duration)
    {
        var end = Time.GetUtcNow() + duration;
        while (true)
        {
            await Assembly.Capture.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var left = end - Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            Time.StepToNextTimer(left);
        }
    }

    public async ValueTask DisposeAsync() => await Assembly.DisposeAsync();
}
