// One camera as `bodycam run` assembles it: the audit file, the recording pipeline (the capture
// pipeline over the configured camera, or the stand-in), and the firmware wired to the drivers.
// Opened in that order, so a bad audit path fails before any pin is opened, and the pins last.
// Ownership: owns all of it; DisposeAsync seals a recording in progress (stop reason Shutdown),
// stops the camera, closes the pins (every output off) and writes the last audit lines.
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core.Audit;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.Firmware.Hardware;

namespace BodyCamDevice.Device.Hosting;

internal sealed class RunningDevice : IAsyncDisposable
{
    private int _disposed;

    private RunningDevice(DeviceOptions options, IDeviceDrivers drivers, JsonLinesAuditSink auditFile, IRecordingPipeline pipeline, CapturePipeline? capture, WiredDevice device)
    {
        Options = options;
        Drivers = drivers;
        AuditFile = auditFile;
        Pipeline = pipeline;
        Capture = capture;
        Device = device;
    }

    public DeviceOptions Options { get; }
    public IDeviceDrivers Drivers { get; }
    public JsonLinesAuditSink AuditFile { get; }
    public IRecordingPipeline Pipeline { get; }

    /// <summary>The capture pipeline; null with the stand-in.</summary>
    public CapturePipeline? Capture { get; }

    public WiredDevice Device { get; }

    /// <summary>
    /// Validates <paramref name="options"/> (throws InvalidConfigurationException), opens the audit
    /// file (an unusable Audit.Path is reported as a configuration error), then the pins.
    /// </summary>
    /// <param name="standIn">True for the stand-in pipeline (no camera, no ffmpeg).</param>
    /// <exception cref="HardwareUnavailableException">The GPIO chip or a PWM channel cannot be opened.</exception>
    public static RunningDevice Open(DeviceOptions options, IDeviceDrivers drivers, bool standIn, TimeProvider time)
    {
        DeviceOptionsValidator.ThrowIfInvalid(options);
        JsonLinesAuditSink auditFile;
        try
        {
            auditFile = new JsonLinesAuditSink(options.Audit.Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException([new("Audit.Path", $"\"{options.Audit.Path}\"", $"cannot be opened for appending: {exception.Message}")]);
        }

        CapturePipeline? capture = null;
        try
        {
            IRecordingPipeline pipeline = standIn ? new StandInRecordingPipeline(time) : capture = new CapturePipeline(options, time, FirmwareVersion.Text);
            var device = new WiredDevice(options, drivers.OpenGpio(options), drivers.Pwm, time, pipeline, auditFile);
            return new RunningDevice(options, drivers, auditFile, pipeline, capture, device);
        }
        catch
        {
            if (capture is not null)
            {
                capture.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            auditFile.Dispose();
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

        Device.Dispose();
        await AuditFile.DisposeAsync().ConfigureAwait(false);
    }
}
