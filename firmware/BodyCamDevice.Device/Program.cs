// Entry point of `bodycam`, the program on the camera. Parses the command line and hands over to
// the commands in Commands/. docs/device.md describes every command and exit code.
using System.CommandLine;
using BodyCamDevice.Device.Commands;
using BodyCamDevice.Device.Configuration;
using BodyCamDevice.Firmware.Capture.Camera;

namespace BodyCamDevice.Device;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = BuildCommandLine(Console.Out, Console.Error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync("bodycam: " + error.Message);
            }

            await Console.Error.WriteLineAsync("Try bodycam --help.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync();
    }

    internal static RootCommand BuildCommandLine(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { HelpName = "PATH", Description = $"The device configuration (JSON DeviceOptions). Default {DeviceConfigFile.DefaultPath}." };

        var runConfig = new Option<string?>("--config") { HelpName = "PATH", Description = $"The device configuration (JSON DeviceOptions). Default {DeviceConfigFile.DefaultPath}; with --virtual-gpio and no --config, the firmware's defaults." };
        var virtualGpio = new Option<bool>("--virtual-gpio") { Description = "Run on the virtual GPIO driver and virtual PWM channels instead of libgpiod (machines without a GPIO chip: CI, benches)." };
        var camera = new Option<string?>("--camera") { HelpName = "CAMERA", Description = "Replace the configured camera: testpattern, file:PATH (looped), v4l2[:/dev/videoN] (1280x720, libx264, synthetic audio) or standin (no camera, no ffmpeg)." };
        var stateDirectory = new Option<string?>("--state-dir") { HelpName = "DIR", Description = "Where a relative Audit.Path or Recording.Directory goes. Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var rig = new Option<bool>("--rig") { Description = "Serve the control API for a test rig (bearer token required: --rig-token-file or BODYCAM_RIG_TOKEN, at least 16 characters)." };
        var rigTokenFile = new Option<string?>("--rig-token-file") { HelpName = "PATH", Description = "File holding the rig token (instead of BODYCAM_RIG_TOKEN)." };
        var rigAddress = new Option<string>("--rig-address") { HelpName = "ADDRESS", Description = "Address the rig's control API listens on.", DefaultValueFactory = _ => "0.0.0.0" };
        var rigPort = new Option<int>("--rig-port") { HelpName = "PORT", Description = "Port of the rig's control API; 0 picks a free one (the log says which).", DefaultValueFactory = _ => 8081 };
        var run = new Command("run", "Run the camera: validate the configuration, open the pins, buffer, record. Logs to the journal under systemd; READY=1 once buffering; feeds the systemd watchdog from the device loop.")
        {
            runConfig, virtualGpio, camera, stateDirectory, rig, rigTokenFile, rigAddress, rigPort,
        };
        run.SetAction((parse, cancellationToken) =>
        {
            CameraChoice? choice = null;
            if (parse.GetValue(camera) is { } cameraText && (choice = CameraChoice.Parse(cameraText, out var problem)) is null)
            {
                error.WriteLine("bodycam: " + problem);
                return Task.FromResult(ExitCodes.Usage);
            }

            return RunCommand.RunAsync(
                new RunArguments(parse.GetValue(runConfig), parse.GetValue(virtualGpio), choice, parse.GetValue(stateDirectory), parse.GetValue(rig), parse.GetValue(rigTokenFile), parse.GetValue(rigAddress)!, parse.GetValue(rigPort)),
                error,
                cancellationToken);
        });

        var checkFile = new Argument<string>("FILE") { Description = "The configuration file to check." };
        var check = new Command("check", "Validate a configuration file without opening any pin: prints a summary, or every error with its field and value.") { checkFile };
        check.SetAction(parse => ConfigCheckCommand.Run(parse.GetValue(checkFile)!, output, error));
        var configCommand = new Command("config", "Configuration tools.") { check };

        var root = new RootCommand("bodycam: the body-worn camera's firmware. `bodycam run` runs it; docs/device.md describes every command.")
        {
            run, configCommand,
        };
        _ = config;
        return root;
    }
}
