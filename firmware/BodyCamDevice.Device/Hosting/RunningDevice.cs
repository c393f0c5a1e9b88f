// One camera as `bodycam run` assembles it: the evidence state (identity, manifest chain,
// encryption; DeviceEvidence), the audit file, the recording pipeline (the capture pipeline over
// the configured camera, or the stand-in), the firmware wired to the drivers, and the optional
// parts the configuration enables (RTC, GNSS, fuel gauge). Opened in that order, so an unusable
// identity or audit path fails before any pin is opened; an optional part that cannot be opened
// is reported (OpenErrors) and the camera works without it. Before the device starts, clips a
// power cut left without a manifest are sealed as interrupted (Recovered), each with its audit
// checkpoint.
// Ownership: owns all of it; DisposeAsync seals a recording in progress (stop reason Shutdown),
// stops the camera, closes the pins (every output off) and writes the last audit lines.
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Evidence;
using BodyCamDevice.Firmware.Evidence.Audit;
using BodyCamDevice.Firmware.Evidence.Manifests;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Device.Hosting;

internal sealed class RunningDevice : IAsyncDisposable
{
    private int _disposed;

    private AuditCheckpoints? _checkpoints;

    private RunningDevice(DeviceOptions options, IDeviceDrivers drivers, DeviceEvidence evidence, JsonLinesAuditSink auditFile, IRecordingPipeline pipeline, CapturePipeline? capture, WiredDevice device, OptionalHardware optional)
    {
        Evidence = evidence;
        Optional = optional;
        Options = options;
        Drivers = drivers;
        AuditFile = auditFile;
        Pipeline = pipeline;
        Capture = capture;
        Device = device;
    }

    public DeviceOptions Options { get; }
    public IDeviceDrivers Drivers { get; }
    public DeviceEvidence Evidence { get; }
    public JsonLinesAuditSink AuditFile { get; }

    /// <summary>Clips found cut off at start and sealed as interrupted, oldest first.</summary>
    public IReadOnlyList<SealedManifest> Recovered { get; private set; } = [];
    public IRecordingPipeline Pipeline { get; }

    /// <summary>The capture pipeline; null with the stand-in.</summary>
    public CapturePipeline? Capture { get; }

    public WiredDevice Device { get; }

    /// <summary>RTC, GNSS receiver and fuel gauge, as enabled; started by the service after the pins.</summary>
    public OptionalHardware Optional { get; }

    /// <summary>
    /// Validates <paramref name="options"/> (throws InvalidConfigurationException), opens the
    /// evidence state in <paramref name="stateDirectory"/>, the audit file (an unusable Audit.Path
    /// is reported as a configuration error), then the pins, and seals torn clips.
    /// </summary>
    /// <param name="standIn">True for the stand-in pipeline (no camera, no ffmpeg).</param>
    /// <exception cref="HardwareUnavailableException">The GPIO chip or a PWM channel cannot be opened.</exception>
    /// <exception cref="Firmware.Evidence.Identity.DeviceIdentityException">The device key cannot be read or made.</exception>
    /// <exception cref="InvalidDataException">The manifest chain state is unreadable.</exception>
    public static RunningDevice Open(DeviceOptions options, IDeviceDrivers drivers, bool standIn, TimeProvider time, string stateDirectory)
    {
        DeviceOptionsValidator.ThrowIfInvalid(options);
        DeviceEvidence evidence = DeviceEvidence.Open(stateDirectory, options, FirmwareVersion.Text, time);
        JsonLinesAuditSink auditFile;
        try
        {
            auditFile = new JsonLinesAuditSink(options.Audit.Path, evidence.Key);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            evidence.Dispose();
            throw new InvalidConfigurationException([new("Audit.Path", $"\"{options.Audit.Path}\"", $"cannot be opened for appending: {exception.Message}")]);
        }

        CapturePipeline? capture = null;
        try
        {
            IRecordingPipeline pipeline = standIn ? new StandInRecordingPipeline(time) : capture = new CapturePipeline(options, time, FirmwareVersion.Text, evidence: evidence.Clips);
            var device = new WiredDevice(options, drivers.OpenGpio(options), drivers.Pwm, time, pipeline, auditFile);
            var optional = new OptionalHardware(options, OptionalHardwarePorts.Linux);
            var running = new RunningDevice(options, drivers, evidence, auditFile, pipeline, capture, device, optional);
            running._checkpoints = new AuditCheckpoints(device.Loop, device.AuditTrail, evidence.Sealer);
            running.Recovered = evidence.RecoverTornClips();
            return running;
        }
        catch
        {
            if (capture is not null)
            {
                capture.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

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

        if (Capture is not null)
        {
            // Seals a recording still running and stops the camera before the lights go out.
            await Capture.DisposeAsync().ConfigureAwait(false);
        }

        Optional.Dispose();
        Device.Dispose();
        _checkpoints?.Dispose();
        await AuditFile.DisposeAsync().ConfigureAwait(false);
        Evidence.Dispose();
    }
}
