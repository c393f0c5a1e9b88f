// One emulated camera: the device assembly (the firmware's one composition, exactly as `bodycam
// run` builds it) over the lowest level replaced: virtual pins and PWM channels and a virtual
// recordings volume (VirtualDrivers), the optional parts as virtual chips (VirtualParts, fitted
// whatever the configuration says), and the chosen camera: the virtual camera (any clock, virtual
// time included) or ffmpeg's test pattern, a looped file or a V4L2 webcam (real time only).
// Around it: the view the console and the page read (VirtualDevice), the battery, storage and
// camera controls (VirtualEnvironment), and the RigDevice the control API, the web page and the
// scenario runner all work through. Its evidence state (device key, manifest chain; encryption when
// configured) lives in a hidden folder of its recordings folder, so each camera signs its own
// manifests and a restarted emulator continues the chain. Owns all of it.
using System.Reflection;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Recordings;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Emulator.Capture;
using BodyCamDevice.Emulator.Evidence;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Composition;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Hardware.Virtual;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.Firmware.Offload.Dock;

namespace BodyCamDevice.Emulator.Rig;

internal sealed class EmulatedDevice : IAsyncDisposable
{
    /// <summary>How often the buffer's fill goes out on the event stream (when it changed).</summary>
    private static readonly TimeSpan BufferFillInterval = TimeSpan.FromMilliseconds(500);

    private readonly ITimer _bufferFillTimer;
    private double _lastBufferSeconds = -1;

    /// <param name="options">The configuration; the camera's and the parts' settings are filled in, then it is validated (throws InvalidConfigurationException).</param>
    /// <param name="recordingsPath">Where clips and manifests go (created when missing).</param>
    /// <param name="camera">The camera; anything but the virtual one needs the real clock.</param>
    /// <param name="encrypt">Encrypt every clip to the development store key kept in the state folder (Destination), which the page's playback decrypts with.</param>
    /// <param name="connectionPath">The evidence store's connection file the dock offloads to; null: docking only charges.</param>
    public EmulatedDevice(DeviceOptions options, TimeProvider time, string recordingsPath, CameraChoice camera, bool encrypt = false, string? connectionPath = null)
    {
        if (!camera.IsVirtual && time != TimeProvider.System)
        {
            throw new ArgumentException($"The {camera} camera runs ffmpeg on the real clock: use the virtual camera on virtual time.", nameof(camera));
        }

        Camera = camera;
        ConnectionPath = connectionPath is null ? null : Path.GetFullPath(connectionPath);
        PartNotes = VirtualParts.Fit(options);
        camera.Apply(options, recordingsPath);
        StateDirectory = Path.GetFullPath(Path.Combine(recordingsPath, StateFolderName));
        // An evidence store that asks for encryption has its key used; else --encrypt the development one.
        ConnectionEncryption.Apply(options, connectionPath is null ? null : Path.GetFullPath(connectionPath));
        if (encrypt && !options.Encryption.Enabled)
        {
            Destination = DevelopmentDestination.LoadOrCreate(StateDirectory);
            Destination.Apply(options);
        }

        var validated = ValidatedDeviceOptions.From(options);
        Drivers = new VirtualDrivers(time);
        Parts = new VirtualParts(validated.Value, time);
        var drivers = Drivers.ForDevice(validated, camera.Factory(), Parts.Ports) with
        {
            // The journals beside the recordings, so a run's recordings and their offload state go together.
            EvidenceStore = connectionPath is null ? null : new DockOffloadPorts(Path.GetFullPath(connectionPath), Path.Combine(Path.GetFullPath(recordingsPath), JournalDirectoryName),
                CategoriesPath: Path.Combine(StateDirectory, Firmware.Offload.Categories.CategoryCatalogFile.FileName)),
        };
        Evidence = DeviceEvidence.Open(StateDirectory, validated.Value, FirmwareVersion, time);
        try
        {
            Assembly = new DeviceAssembly(validated, drivers, time, FirmwareVersion, Evidence);
        }
        catch
        {
            Evidence.Dispose();
            Destination?.Dispose();
            throw;
        }

        Device = VirtualDevice.Over(Assembly.Device, Drivers, time);
        var recording = validated.Value.Recording;
        Environment = new VirtualEnvironment(Device.Controller, Parts, Assembly.Capture, Drivers.Storage, new StorageOptions
        {
            NearFullFraction = recording.NearFullFraction,
            ReserveBytes = recording.ReserveMegabytes * 1024L * 1024,
        });
        Preview = new CameraPreview(Assembly.Capture);
        Recordings = new RecordingsDirectory(recordingsPath);
        Inputs = new VirtualInputs(Device);
        Outputs = new TracedOutputs(validated.Value.Pins, Device.Tracing.Trace);
        Rig = new RigDevice(Device.Controller, Device.AuditTrail, Device.Audit, Inputs, Outputs, Environment, Recordings, time);
        Rig.Identity = new IdentityView(validated.Value.Identity.DeviceSerial, Evidence.Key.PublicKeyPem, Evidence.Key.Fingerprint);
        Rig.Report(Capture, camera.ToString(), recording.PreRecord,
            camera.IsVirtual
                ? "manual: a camera fault breaks the virtual camera until POST /api/camera/recover; the supervisor restarts it meanwhile"
                : "automatic: a camera fault kills the encoder and the supervisor restarts it; /api/camera/recover has nothing to do",
            () => Capture.Camera.ProgramTables is not null && Capture.Buffer.GetStatistics().FrameCount > 0);
        _bufferFillTimer = time.CreateTimer(_ => PublishBufferFill(), null, BufferFillInterval, BufferFillInterval);
    }

    /// <summary>The offload journals' directory inside the recordings directory.</summary>
    public const string JournalDirectoryName = "offload-journal";

    /// <summary>The version the capture pipeline writes into manifests.</summary>
    public static string FirmwareVersion { get; } =
        "emulator-" + (typeof(CapturePipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev");

    /// <summary>The evidence state's folder, inside the recordings folder (hidden).</summary>
    public const string StateFolderName = ".bodycam-state";

    public CameraChoice Camera { get; }

    /// <summary>Where this camera's identity and manifest chain are kept.</summary>
    public string StateDirectory { get; }

    /// <summary>The device key, the manifest chain and the encryption key, as on a device.</summary>
    public DeviceEvidence Evidence { get; }

    /// <summary>The development store key the clips are encrypted to; null when they are stored in clear.</summary>
    public DevelopmentDestination? Destination { get; }
    /// <summary>The evidence store's connection file the dock offloads to; null: none.</summary>
    public string? ConnectionPath { get; }

    /// <summary>The device as `bodycam run` builds it.</summary>
    public DeviceAssembly Assembly { get; }

    /// <summary>The pins, PWM channels and recordings volume the device runs on.</summary>
    public VirtualDrivers Drivers { get; }

    /// <summary>The firmware on those pins, as the console and the page see it.</summary>
    public VirtualDevice Device { get; }

    /// <summary>The camera, its pre-record buffer and the recording writer.</summary>
    public CapturePipeline Capture => Assembly.Capture;

    /// <summary>Stills for the page.</summary>
    public CameraPreview Preview { get; }

    /// <summary>The RTC, GNSS receiver and fuel gauge.</summary>
    public VirtualParts Parts { get; }

    /// <summary>Parts that could not be fitted, and why.</summary>
    public IReadOnlyList<string> PartNotes { get; }

    public VirtualInputs Inputs { get; }
    public TracedOutputs Outputs { get; }
    public VirtualEnvironment Environment { get; }
    public RecordingsDirectory Recordings { get; }
    public RigDevice Rig { get; }

    /// <summary>Powers the device on (pins, then the optional parts), then lets the virtual receiver talk.</summary>
    public void Start()
    {
        Assembly.Start();
        Parts.Connect(Assembly.Optional);
        Rig.Battery = Assembly.Optional.Battery;
        Environment.RaiseChanged();
    }

    /// <summary>
    /// Switches off as the device does: a recording in progress is sealed, the camera stopped, the
    /// parts and then the pins closed (DeviceAssembly).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _bufferFillTimer.DisposeAsync().ConfigureAwait(false);
        Parts.Dispose();
        await Assembly.DisposeAsync().ConfigureAwait(false);
        Evidence.Dispose();
        Destination?.Dispose();
        Recordings.Dispose();
    }

    // The status (with bufferFill) goes out on the event stream at most twice a second, and only
    // when the buffered seconds moved.
    private void PublishBufferFill()
    {
        var seconds = Capture.Buffer.GetStatistics().BufferedDuration.TotalSeconds;
        if (Math.Abs(seconds - _lastBufferSeconds) < 0.05)
        {
            return;
        }

        _lastBufferSeconds = seconds;
        Environment.RaiseChanged();
    }
}
