// One camera as `bodycam run` opens it: the evidence state (identity, manifest chain,
// encryption; DeviceEvidence), the audit file, then the device assembly (the firmware's one
// composition, shared with the emulator) over the chosen drivers and camera: the pins, the
// capture pipeline and the optional parts the configuration enables. Opened in that order, so an
// unusable identity or audit path fails before any pin is opened; an optional part that cannot be
// opened is reported (Optional.OpenErrors) and the camera works without it. Clips a power cut left
// without a manifest are sealed as interrupted (Recovered) before the device starts.
// Ownership: owns all of it; DisposeAsync has the assembly seal a recording in progress (stop
// reason Shutdown), stop the camera and close the pins (every output off), then closes the audit
// file with its last lines written, and the evidence state last.
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Composition;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Hardware;
using BodyCamDevice.Firmware.Offload.Dock;
using BodyCamDevice.Firmware.Storage;

namespace BodyCamDevice.Device.Hosting;

internal sealed class RunningDevice : IAsyncDisposable
{
    private int _disposed;

    private RunningDevice(IDeviceDrivers drivers, DeviceEvidence evidence, JsonLinesAuditSink auditFile, DeviceAssembly assembly, string camera)
    {
        Drivers = drivers;
        Evidence = evidence;
        AuditFile = auditFile;
        Assembly = assembly;
        CameraDescription = camera;
    }

    public DeviceOptions Options => Assembly.Options;
    public IDeviceDrivers Drivers { get; }
    public DeviceEvidence Evidence { get; }
    public JsonLinesAuditSink AuditFile { get; }
    public DeviceAssembly Assembly { get; }
    public WiredDevice Device => Assembly.Device;
    public CapturePipeline Capture => Assembly.Capture;

    /// <summary>Clips found cut off at start and sealed as interrupted, oldest first.</summary>
    public IReadOnlyList<SealedManifest> Recovered => Assembly.Recovered;

    /// <summary>RTC, GNSS receiver and fuel gauge, as enabled; started with the device.</summary>
    public OptionalHardware Optional => Assembly.Optional;

    /// <summary>For the log: "virtual" or the configured source.</summary>
    public string CameraDescription { get; }

    /// <summary>
    /// Opens the evidence state in <paramref name="stateDirectory"/>, the audit file (an unusable
    /// Audit.Path is reported as a configuration error), then the device over
    /// <paramref name="drivers"/> with the camera <paramref name="camera"/> makes, and seals torn clips.
    /// </summary>
    /// <exception cref="HardwareUnavailableException">The GPIO chip or a PWM channel cannot be opened.</exception>
    /// <exception cref="Firmware.Evidence.Identity.DeviceIdentityException">The device key cannot be read or made.</exception>
    /// <exception cref="InvalidDataException">The manifest chain state is unreadable.</exception>
    /// <param name="evidenceStore">Where the dock's offload finds the store (the state directory's connection file); null: docking only charges.</param>
    public static RunningDevice Open(ValidatedDeviceOptions options, IDeviceDrivers drivers, CameraChoice? camera, TimeProvider time, string stateDirectory, DockOffloadPorts? evidenceStore = null)
    {
        var values = options.Value;
        DeviceEvidence evidence = DeviceEvidence.Open(stateDirectory, values, FirmwareVersion.Text, time);
        JsonLinesAuditSink auditFile;
        try
        {
            auditFile = new JsonLinesAuditSink(values.Audit.Path, evidence.Key);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            evidence.Dispose();
            throw new InvalidConfigurationException([new("Audit.Path", $"\"{values.Audit.Path}\"", $"cannot be opened for appending: {exception.Message}")]);
        }

        try
        {
            var parts = new DeviceDrivers(
                drivers.OpenGpio(values),
                drivers.Pwm,
                camera?.Factory() ?? FfmpegCameraSource.Factory(),
                new DriveInfoStorageSpace(),
                OptionalHardwarePorts.Linux,
                evidenceStore);
            var assembly = new DeviceAssembly(options, parts, time, FirmwareVersion.Text, evidence, auditFile);
            return new RunningDevice(drivers, evidence, auditFile, assembly, camera?.ToString() ?? values.Camera.Source.ToString());
        }
        catch
        {
            auditFile.Dispose();
            evidence.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The host stops the device; a start that failed half-way is cleaned up by the caller too.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Assembly.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            await AuditFile.DisposeAsync().ConfigureAwait(false);
            Evidence.Dispose();
        }
    }
}
