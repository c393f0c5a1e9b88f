// "emulator scenario FILE": loads the file, builds the target — an emulator in this process, on
// virtual time when the file allows it (or --virtual-time says so), offloading when docked to the
// store --connection names (real time only), or a control API URL — runs it and turns the result
// into the exit code (0 passed, 1 an expectation failed, 2 bad input).
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload.Connection;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class ScenarioCommand
{
    /// <summary>Virtual time starts here: after the clock check's earliest valid time, so no clock alarm.</summary>
    public static readonly DateTimeOffset VirtualEpoch = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(ScenarioArguments arguments, TextWriter output, TextWriter errors)
    {
        ScenarioDocument scenario;
        try
        {
            scenario = ScenarioLoader.Load(arguments.File.FullName);
        }
        catch (Exception exception) when (exception is ScenarioFormatException or IOException)
        {
            errors.WriteLine(exception.Message);
            return ExitCodes.Usage;
        }

        return await RunAsync(scenario, arguments, output, errors);
    }

    public static async Task<int> RunAsync(ScenarioDocument scenario, ScenarioArguments arguments, TextWriter output, TextWriter errors)
    {
        try
        {
            ScenarioResult result;
            if (arguments.Target is { } url)
            {
                if (arguments.VirtualTime == true)
                {
                    errors.WriteLine("--virtual-time needs the in-process emulator: a remote device keeps its own time.");
                    return ExitCodes.Usage;
                }

                if (arguments.ConnectionFile is not null)
                {
                    errors.WriteLine("--connection needs the in-process emulator: a remote device offloads to the store it was given.");
                    return ExitCodes.Usage;
                }

                await using var remote = new RemoteTarget(url, arguments.Token);
                result = await ScenarioRunner.RunAsync(scenario, remote, output);
            }
            else
            {
                var configFile = arguments.ConfigFile?.FullName ?? scenario.ConfigFile;
                var options = configFile is null ? new DeviceOptions() : DeviceOptionsJson.Load(configFile);
                var virtualTime = arguments.VirtualTime ?? scenario.VirtualTime;
                if (virtualTime && arguments.Camera is { IsVirtual: false })
                {
                    errors.WriteLine($"--camera {arguments.Camera} runs ffmpeg on the real clock: add --real-time, or leave the virtual camera for virtual time.");
                    return ExitCodes.Usage;
                }

                if (arguments.ConnectionFile is { } connectionFile)
                {
                    // The offload's requests and their stall watchdogs run on the device's clock: virtual
                    // time would jump past a request still on its way to a real store.
                    if (virtualTime)
                    {
                        errors.WriteLine("--connection offloads to a real store on the real clock: add --real-time (this scenario runs on virtual time).");
                        return ExitCodes.Usage;
                    }

                    if (ConnectionFileReader.Load(connectionFile.FullName) is { Settings: null } refused)
                    {
                        errors.WriteLine($"Invalid connection file {connectionFile.FullName}:");
                        foreach (var error in refused.Errors)
                        {
                            errors.WriteLine($"  {error.Field} = {error.Value}: {error.Problem}");
                        }

                        return ExitCodes.Usage;
                    }
                }

                result = await RunInProcessAsync(scenario, options, virtualTime, arguments.RecordingsDirectory, arguments.Trace, output, arguments.Camera, arguments.ConnectionFile?.FullName);
            }

            // The runner has already printed the failure in its step log.
            return result.Passed ? ExitCodes.Success : ExitCodes.ScenarioFailed;
        }
        catch (Exception exception) when (exception is ScenarioFormatException or InvalidConfigurationException)
        {
            errors.WriteLine(exception.Message);
            return ExitCodes.Usage;
        }
    }

    /// <param name="recordingsDirectory">Null: a temporary directory, deleted afterwards.</param>
    /// <param name="camera">Null: the virtual camera; an ffmpeg camera only with real time.</param>
    /// <param name="connectionPath">The evidence store's connection file the dock offloads to; null: none.</param>
    public static async Task<ScenarioResult> RunInProcessAsync(ScenarioDocument scenario, DeviceOptions options, bool virtualTime, string? recordingsDirectory, bool trace, TextWriter output, CameraChoice? camera = null, string? connectionPath = null)
    {
        var temporary = recordingsDirectory is null ? Directory.CreateTempSubdirectory("bodycam-scenario-").FullName : null;
        try
        {
            var clock = virtualTime ? new SteppingTimeProvider(VirtualEpoch) : null;
            var device = new EmulatedDevice(options, clock ?? TimeProvider.System, recordingsDirectory ?? temporary!, camera ?? CameraChoice.Virtual, connectionPath: connectionPath);
            await using var target = new InProcessTarget(device, clock);
            using var consoleTrace = trace ? new ConsoleTrace(device.Device, output, showAudit: false) : null;
            if (consoleTrace is not null)
            {
                device.Inputs.Setting += consoleTrace.InputEdge;
            }

            device.Start();
            return await ScenarioRunner.RunAsync(scenario, target, output);
        }
        finally
        {
            if (temporary is not null)
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }
}
