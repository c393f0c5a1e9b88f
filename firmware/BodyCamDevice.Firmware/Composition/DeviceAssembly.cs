// The one place the device is put together, for the camera (`bodycam run`) and the emulator
// alike: from a validated, frozen configuration, the drivers and the audit sinks it builds the
// capture pipeline (camera, pre-record buffer, recording writer), the firmware on its pins
// (WiredDevice: pin adapters, event loop, controller, audit trail), the optional parts and, when
// the drivers name an evidence store, the dock's offload (SwiftDockOffload) and the store's
// categories as last read (CategoryCatalogFile); categories set on the camera are written beside
// their recording (FileCategoryRecorder).
//
// Start order: the pins (inputs connected, the controller powered on, which starts the camera
// buffering), then the optional parts, which report to the running controller.
// Shutdown order: an offload under way is cancelled (its journals resume it at the next dock), the
// recording in progress is sealed (stop reason Shutdown: every clip and manifest on storage), the
// camera stopped, the optional parts closed, and only then the pins
// (every output off): a camera being put away still shows it recorded to the end.
//
// Evidence (optional; a device always has it): the clips are signed, chained and, when configured,
// encrypted (DeviceEvidence.Clips); the audit trail gets a signed checkpoint at every seal, dock
// and shutdown (AuditCheckpoints); and before the device starts, clips a power cut left without a
// manifest are sealed as interrupted (Recovered).
//
// Ownership: owns everything it built and the GPIO driver it was given; the audit sinks and the
// evidence state stay the caller's (close them after this, so the last lines are written).
// Threads: Start and DisposeAsync from the host, once each.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Audit;
using BodyCamDevice.Firmware.Evidence.Categories;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Offload.Categories;
using BodyCamDevice.Firmware.Offload.Dock;

namespace BodyCamDevice.Firmware.Composition;

public sealed class DeviceAssembly : IAsyncDisposable
{
    private readonly AuditCheckpoints? _checkpoints;
    private int _disposed;

    /// <param name="firmwareVersion">Written into every manifest.</param>
    /// <param name="evidence">The device's evidence state, opened from its state directory; null writes plain, unsigned clips (tests, benches).</param>
    /// <param name="auditSinks">Sinks besides the in-memory one (the JSON-lines file on a device).</param>
    /// <exception cref="Exception">Whatever the drivers throw opening a pin or channel; nothing is left open then.</exception>
    public DeviceAssembly(ValidatedDeviceOptions options, DeviceDrivers drivers, TimeProvider time, string firmwareVersion, DeviceEvidence? evidence, params IReadOnlyList<IAuditSink> auditSinks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(drivers);
        Options = options.Value;
        Time = time;
        // The dock's clock checks reach the manifests through it: kept in the state directory
        // with the rest of the evidence, in memory on a device without one.
        ClockSync = evidence?.ClockSync ?? new ClockSyncRecord(path: null);
        Capture = new CapturePipeline(options, time, firmwareVersion, drivers.Camera, drivers.Storage, evidence?.Clips, ClockSync);
        try
        {
            Device = new WiredDevice(options, drivers.Gpio, drivers.Pwm, time, Capture, auditSinks);
            Optional = new OptionalHardware(options, drivers.OptionalParts);
            if (evidence is not null)
            {
                _checkpoints = new AuditCheckpoints(Device.Loop, Device.AuditTrail, evidence.Sealer);
                Recovered = evidence.RecoverTornClips();
            }

            // Categories the officer sets go beside the recording, signed when the device has its key.
            Device.Controller.AttachCategoryRecorder(new FileCategoryRecorder(Options.Recording.Directory, evidence?.Key));
            if (drivers.EvidenceStore is { } store)
            {
                Device.Controller.SetCategoryCatalog(CategoryCatalogFile.Load(store.CategoryCatalogPath));
                Offload = new SwiftDockOffload(Device.Controller, Options, store, time, ClockSync);
                Device.Controller.AttachDockOffload(Offload);
            }
        }
        catch
        {
            _checkpoints?.Dispose();
            Optional?.Dispose();
            Device?.Dispose();
            Capture.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>The validated configuration the device runs (read it, never change it).</summary>
    public DeviceOptions Options { get; }

    public TimeProvider Time { get; }

    /// <summary>The device clock's last check against the evidence store (at the dock), which every manifest carries.</summary>
    public ClockSyncRecord ClockSync { get; }

    /// <summary>The camera, its pre-record buffer and the recording writer.</summary>
    public CapturePipeline Capture { get; }

    /// <summary>The firmware on its pins: controller, event loop, audit trail, output traces.</summary>
    public WiredDevice Device { get; }

    /// <summary>RTC, GNSS receiver and fuel gauge, as the configuration enables them.</summary>
    public OptionalHardware Optional { get; }

    /// <summary>Clips found cut off at start and sealed as interrupted, oldest first.</summary>
    public IReadOnlyList<SealedManifest> Recovered { get; } = [];
    /// <summary>The dock's offload to the evidence store; null when the drivers name none.</summary>
    public SwiftDockOffload? Offload { get; }

    /// <summary>Powers the device on: pins first, then the optional parts.</summary>
    public void Start()
    {
        Device.Start();
        Optional.Start(Device.Controller, Device.Loop, Device.AuditTrail);
    }

    /// <summary>Seals the recording in progress, stops the camera, closes the optional parts, then the pins.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (Offload is not null)
            {
                await Offload.DisposeAsync().ConfigureAwait(false);
            }

            await Capture.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            Optional.Dispose();
            Device.Dispose();
            _checkpoints?.Dispose();
        }
    }
}
