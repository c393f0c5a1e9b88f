// `bodycam run`: validate the whole configuration (once, here: the device runs the frozen copy
// that passed), then open the evidence state (device key, manifest chain, encryption), the audit
// log and the device assembly (pins, camera pipeline, optional parts), and run it under the
// generic host until SIGTERM (systemd stop) or Ctrl+C. Every check that can fail without hardware
// happens before a pin is opened: a bad configuration or a missing rig token exits with nothing
// touched.
using BodyCamDevice.ControlApi.Hosting;
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Device.Drivers;
using BodyCamDevice.Device.Hosting;
using BodyCamDevice.Device.Rig;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Offload.Connection;
using Microsoft.Extensions.Hosting;

namespace BodyCamDevice.Device.Commands;

/// <param name="ConfigPath">The configuration file; null: the default path, or (virtual GPIO only) the built-in defaults.</param>
/// <param name="VirtualGpio">Run on the virtual GPIO driver and PWM channels instead of libgpiod.</param>
/// <param name="Camera">Replaces the configured camera (testpattern, file:PATH, v4l2, virtual); null keeps it.</param>
/// <param name="StateDirectory">Where relative Audit.Path and Recording.Directory go; null: $STATE_DIRECTORY or /var/lib/bodycam.</param>
/// <param name="Rig">Serve the control API in rig mode (token required).</param>
/// <param name="RigTokenFile">File holding the rig token; null: BODYCAM_RIG_TOKEN.</param>
internal sealed record RunArguments(
    string? ConfigPath,
    bool VirtualGpio,
    CameraChoice? Camera,
    string? StateDirectory,
    bool Rig,
    string? RigTokenFile,
    string RigAddress = "0.0.0.0",
    int RigPort = 8081);

internal static class RunCommand
{
    // Done here, FFMpegCore's check of ffmpeg overlaps the host's start instead of delaying the
    // camera's first frame, and so Buffering (systemd's readiness). A missing ffmpeg is reported
    // by the camera when it starts, with the device's fault handling; this only warms up.
    private static void WarmUpFfmpeg(DeviceOptions options) =>
        _ = Task.Run(() => FfmpegCameraSource.WarmUpAsync(options.Camera)).ContinueWith(static check => _ = check.Exception, TaskContinuationOptions.OnlyOnFaulted);

    /// <param name="drivers">The drivers to run on; null: libgpiod, or the virtual ones with --virtual-gpio.</param>
    /// <param name="variable">Reads the environment (STATE_DIRECTORY, BODYCAM_RIG_TOKEN, NOTIFY_SOCKET, WATCHDOG_USEC).</param>
    /// <param name="opened">Called with the device once its pins are open, before the host starts (tests reach the loop through it).</param>
    public static async Task<int> RunAsync(RunArguments arguments, TextWriter error, CancellationToken cancellationToken, IDeviceDrivers? drivers = null, Func<string, string?>? variable = null, Action<RunningDevice>? opened = null)
    {
        variable ??= Environment.GetEnvironmentVariable;

        DeviceOptions options;
        var configPath = arguments.ConfigPath ?? (arguments.VirtualGpio ? null : DeviceConfigFile.DefaultPath);
        if (configPath is null)
        {
            // A virtual device without a file: the firmware's defaults, recordings in the state directory.
            options = new DeviceOptions();
            options.Recording.Directory = "recordings";
        }
        else
        {
            var loaded = DeviceConfigFile.Load(configPath);
            if (loaded.Options is null)
            {
                DeviceConfigFile.Report(error, configPath, loaded.Errors);
                return ExitCodes.InvalidConfiguration;
            }

            options = loaded.Options;
        }

        var stateDirectory = StatePaths.StateDirectory(arguments.StateDirectory, variable);
        StatePaths.Resolve(options, stateDirectory);
        arguments.Camera?.Apply(options, options.Recording.Directory);
        ValidatedDeviceOptions validated;
        try
        {
            // The evidence store in use decides encryption (its connection's WantEncryption and key).
            ConnectionEncryption.Apply(options, new InstalledConnection(stateDirectory).Path);
            validated = ValidatedDeviceOptions.From(options);
        }
        catch (InvalidConfigurationException exception)
        {
            DeviceConfigFile.Report(error, configPath ?? "(defaults)", exception.Errors);
            return ExitCodes.InvalidConfiguration;
        }

        // The capture pipeline allocates the whole pre-record buffer at start, whatever the camera.
        var tooLarge = MachineLimits.Validate(validated.Value, MachineLimits.AvailableMemoryBytes);
        if (tooLarge.Count > 0)
        {
            DeviceConfigFile.Report(error, configPath ?? "(defaults)", tooLarge);
            return ExitCodes.InvalidConfiguration;
        }

        if (arguments.Camera is not { IsVirtual: true })
        {
            WarmUpFfmpeg(validated.Value);
        }

        RigModeOptions? rigMode = null;
        if (arguments.Rig)
        {
            // Checked before anything is opened: found only when the server starts, they would
            // end a running device with exit 7, which systemd restarts on.
            if (!System.Net.IPAddress.TryParse(arguments.RigAddress, out _))
            {
                await error.WriteLineAsync($"bodycam: --rig-address must be an IP address (0.0.0.0 for every interface), not '{arguments.RigAddress}'.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (arguments.RigPort is < 0 or > 65535)
            {
                await error.WriteLineAsync($"bodycam: --rig-port must be from 0 to 65535 (0: a free one), not {arguments.RigPort}.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (RigToken.Resolve(arguments.RigTokenFile, variable, out var problem) is not { } token)
            {
                await error.WriteLineAsync("bodycam: " + problem).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            rigMode = new RigModeOptions { Enabled = true, BindAddress = arguments.RigAddress, Port = arguments.RigPort, Token = token };
        }

        drivers ??= arguments.VirtualGpio ? new VirtualDeviceDrivers(TimeProvider.System) : new LibgpiodDrivers();
        RunningDevice running;
        try
        {
            running = RunningDevice.Open(validated, drivers, arguments.Camera, TimeProvider.System, stateDirectory, StatePaths.EvidenceStore(validated.Value, stateDirectory,
                // A camera sets its own clock from the store's; a virtual device leaves the desktop's alone.
                arguments.VirtualGpio || !OperatingSystem.IsLinux() ? null : new Firmware.Hardware.Clock.LinuxClockSetter()));
        }
        catch (DeviceIdentityException exception)
        {
            await error.WriteLineAsync("bodycam: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.EvidenceStateUnusable;
        }
        catch (InvalidDataException exception)
        {
            await error.WriteLineAsync("bodycam: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.EvidenceStateUnusable;
        }
        catch (InvalidConfigurationException exception)
        {
            DeviceConfigFile.Report(error, configPath ?? "(defaults)", exception.Errors);
            return ExitCodes.InvalidConfiguration;
        }
        catch (HardwareUnavailableException exception)
        {
            await error.WriteLineAsync("bodycam: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.HardwareUnavailable;
        }

        await using var cleanUp = running;
        opened?.Invoke(running);
        using var host = DeviceHost.Build(running, SystemdEnvironment.Read(variable, Environment.ProcessId), rigMode);
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped while starting (before Buffering): the host has already stopped the device.
            return ExitCodes.Success;
        }
        catch (HardwareUnavailableException exception)
        {
            await error.WriteLineAsync("bodycam: " + exception.Message).ConfigureAwait(false);
            return ExitCodes.HardwareUnavailable;
        }
        catch (Exception exception)
        {
            await error.WriteLineAsync($"bodycam: the device stopped with an error: {exception}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
    }
}
