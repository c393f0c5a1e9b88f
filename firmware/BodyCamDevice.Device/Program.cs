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
        // FFMpegCore would otherwise, on first use, look for an ffmpeg.config.json in the working
        // directory and read it by reflection, which this trimmed build does not have. The
        // camera's settings come from bodycam.json alone.
        FFMpegCore.GlobalFFOptions.Configure(new FFMpegCore.FFOptions());

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

        // No ProcessTerminationTimeout: System.CommandLine would otherwise end the process 2 s after
        // SIGTERM (exit 143) whatever it was doing — sealing a recording, writing the shutdown
        // line, letting a rig client's connection go. The host's ShutdownTimeout and systemd's
        // TimeoutStopSec bound the shutdown instead (docs/device.md).
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    internal static RootCommand BuildCommandLine(TextWriter output, TextWriter error)
    {
        var runConfig = new Option<string?>("--config") { HelpName = "PATH", Description = $"The device configuration (JSON DeviceOptions). Default {DeviceConfigFile.DefaultPath}; with --virtual-gpio and no --config, the firmware's defaults." };
        var virtualGpio = new Option<bool>("--virtual-gpio") { Description = "Run on the virtual GPIO driver and virtual PWM channels instead of libgpiod (machines without a GPIO chip: CI, benches)." };
        var camera = new Option<string?>("--camera") { HelpName = "CAMERA", Description = "Replace the configured camera: testpattern, file:PATH (looped), v4l2[:/dev/videoN] (1280x720, libx264, synthetic audio) or virtual (a built-in clip replayed, no ffmpeg)." };
        var size = new Option<string?>("--size") { HelpName = "WxH", Description = $"Frame size of a --camera other than virtual (default {CameraChoice.DefaultWidth}x{CameraChoice.DefaultHeight})." };
        var stateDirectory = new Option<string?>("--state-dir") { HelpName = "DIR", Description = "Where a relative Audit.Path or Recording.Directory goes. Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var rig = new Option<bool>("--rig") { Description = "Serve the control API for a test rig (bearer token required: --rig-token-file or BODYCAM_RIG_TOKEN, at least 16 characters)." };
        var rigTokenFile = new Option<string?>("--rig-token-file") { HelpName = "PATH", Description = "File holding the rig token (instead of BODYCAM_RIG_TOKEN)." };
        var rigAddress = new Option<string>("--rig-address") { HelpName = "ADDRESS", Description = "Address the rig's control API listens on.", DefaultValueFactory = _ => "0.0.0.0" };
        var rigPort = new Option<int>("--rig-port") { HelpName = "PORT", Description = "Port of the rig's control API; 0 picks a free one (the log says which).", DefaultValueFactory = _ => 8081 };
        var run = new Command("run", "Run the camera: validate the configuration, open the pins, buffer, record. Logs to the journal under systemd; READY=1 once buffering; feeds the systemd watchdog from the device loop.")
        {
            runConfig, virtualGpio, camera, size, stateDirectory, rig, rigTokenFile, rigAddress, rigPort,
        };
        run.SetAction((parse, cancellationToken) =>
        {
            CameraChoice? choice = null;
            if (parse.GetValue(camera) is { } cameraText && (choice = CameraChoice.Parse(cameraText, out var problem)) is null)
            {
                error.WriteLine("bodycam: " + problem);
                return Task.FromResult(ExitCodes.Usage);
            }

            if (parse.GetValue(size) is { } sizeText)
            {
                if (choice is not { IsVirtual: false } || !CameraChoice.TryParseSize(sizeText, out var width, out var height))
                {
                    error.WriteLine($"bodycam: --size needs a --camera other than virtual and WIDTHxHEIGHT with even numbers (e.g. 320x240), not '{sizeText}'.");
                    return Task.FromResult(ExitCodes.Usage);
                }

                choice = choice with { Width = width, Height = height };
            }

            return RunCommand.RunAsync(
                new RunArguments(parse.GetValue(runConfig), parse.GetValue(virtualGpio), choice, parse.GetValue(stateDirectory), parse.GetValue(rig), parse.GetValue(rigTokenFile), parse.GetValue(rigAddress)!, parse.GetValue(rigPort)),
                error,
                cancellationToken);
        });

        var checkFile = new Argument<string>("FILE") { Description = "The configuration file to check." };
        var checkState = new Option<string?>("--state-dir") { HelpName = "DIR", Description = "The device's state directory, which remembers whether the device encrypts. Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var check = new Command("check", "Validate a configuration file without opening any pin: prints a summary, or every error with its field and value. Refuses turning encryption off on a device that encrypts.") { checkFile, checkState };
        check.SetAction(parse => ConfigCheckCommand.Run(parse.GetValue(checkFile)!, output, error, StatePaths.StateDirectory(parse.GetValue(checkState), Environment.GetEnvironmentVariable)));
        var configCommand = new Command("config", "Configuration tools.") { check };

        var selfTestConfig = new Option<string?>("--config") { HelpName = "PATH", Description = $"The device configuration. Default {DeviceConfigFile.DefaultPath}; with --virtual and no --config, the firmware's defaults." };
        var selfTestVirtual = new Option<bool>("--virtual") { Description = "Run the firmware on virtual pins with the virtual camera through a scripted scenario (double-press, watch the red LED, hold to stop) and check every output and the clip it sealed: PASS/FAIL, exit 0 only if all pass. Needs no GPIO, camera or ffmpeg." };
        var seconds = new Option<double?>("--seconds") { HelpName = "N", Description = "On a board: how long each output is driven (default 2). With --virtual: how long the red LED is watched (default 3, at least 2)." };
        var selfTest = new Command("selftest", "Bring-up of a board: drive every output in turn and report every input. With --virtual: the firmware's scripted self-test on virtual pins.")
        {
            selfTestConfig, selfTestVirtual, seconds,
        };
        selfTest.SetAction((parse, cancellationToken) =>
            SelfTestCommand.RunAsync(parse.GetValue(selfTestConfig), parse.GetValue(selfTestVirtual), parse.GetValue(seconds), output, error, cancellationToken));

        var verifyPath = new Argument<string>("PATH") { Description = "A recordings folder, or one clip (*.mp4) with its manifest (*.json) beside it." };
        var verifyKey = new Option<string?>("--key") { HelpName = "PEM", Description = "The device's public key (PEM). Default: the identity in the state directory." };
        var verifyAudit = new Option<string?>("--audit") { HelpName = "FILE", Description = "The device's audit log, to check its chain and checkpoints. Default: audit.jsonl in the state directory, if there." };
        var verifyState = new Option<string?>("--state-dir") { HelpName = "DIR", Description = "The device's state directory (identity, manifest chain). Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var verifyJson = new Option<bool>("--json") { Description = "Print the report as JSON instead of a table." };
        var verify = new Command("verify", "Check recordings as evidence: per clip its SHA-256, manifest signature (ES256), place in the device's chain, encryption and whether it was cut off; the chain's numbers; the audit log's chain and checkpoints. Exit 0 only if every check passes (1 otherwise; 5: one clip without manifest; 6: unreadable).")
        {
            verifyPath, verifyKey, verifyAudit, verifyState, verifyJson,
        };
        verify.SetAction(parse => VerifyCommand.Run(
            new VerifyArguments(parse.GetValue(verifyPath)!, parse.GetValue(verifyKey), parse.GetValue(verifyAudit),
                StatePaths.StateDirectory(parse.GetValue(verifyState), Environment.GetEnvironmentVariable), parse.GetValue(verifyJson)),
            output, error));

        var identityState = new Option<string?>("--state-dir") { HelpName = "DIR", Description = "The device's state directory. Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var identityShow = new Command("show", "Print the device's public key (PEM) and its SHA-256 fingerprint, for the evidence store to register.") { identityState };
        identityShow.SetAction(parse => IdentityCommand.Show(StatePaths.StateDirectory(parse.GetValue(identityState), Environment.GetEnvironmentVariable), output, error));
        var identityCreate = new Command("create", "Make the device's signing key (ECDSA P-256) in the state directory, readable by this user only; never replaces one. `run` makes it at the first start too.") { identityState };
        identityCreate.SetAction(parse => IdentityCommand.Create(StatePaths.StateDirectory(parse.GetValue(identityState), Environment.GetEnvironmentVariable), output, error));
        var identity = new Command("identity", "The device's identity: the key that signs its manifests and audit checkpoints.") { identityShow, identityCreate };

        Argument<string> ConnectionFile() => new("FILE") { Description = "An Axis Body Worn Integration connection file (JSON) from the evidence store." };
        Option<string?> ConnectionState() => new("--state-dir") { HelpName = "DIR", Description = "Where the connection in use is kept (connection.json). Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var checkedFile = ConnectionFile();
        var connectionCheckState = ConnectionState();
        var connectionCheck = new Command("check", "Validate a connection file: prints a summary, or every error with its field (exit 3). Checked against the connection in use too: WantEncryption and FullStoreAndReadSupport only go from false to true.") { checkedFile, connectionCheckState };
        connectionCheck.SetAction(parse => ConnectionCommand.Check(parse.GetValue(checkedFile)!, parse.GetValue(connectionCheckState), output, error));
        var installedFile = ConnectionFile();
        var setState = ConnectionState();
        var connectionSet = new Command("set", "Validate a connection file like check and install it atomically as the connection in use (STATE_DIR/connection.json, mode 0600).") { installedFile, setState };
        connectionSet.SetAction(parse => ConnectionCommand.Set(parse.GetValue(installedFile)!, parse.GetValue(setState), output, error));
        var connection = new Command("connection", "The evidence store the camera offloads to when docked.") { connectionCheck, connectionSet };

        Option<string?> StoreConnection() => new("--connection") { HelpName = "FILE", Description = "The store's connection file. Default: the connection in use (STATE_DIR/connection.json)." };
        Option<string?> StoreState() => new("--state-dir") { HelpName = "DIR", Description = "Where the connection in use is kept. Default $STATE_DIRECTORY, else /var/lib/bodycam." };
        var listConnection = StoreConnection();
        var listStoreState = StoreState();
        var storeList = new Command("list", "The store's recordings: status, objects, bytes, and when each expires (or that it is evidence).") { listConnection, listStoreState };
        storeList.SetAction((parse, cancellationToken) => StoreCommand.ListAsync(parse.GetValue(listConnection), parse.GetValue(listStoreState), output, error, cancellationToken));
        var flagContainer = new Argument<string>("CONTAINER") { Description = "The recording's container, <UserID>_<serial>_<TriggerOnTime> (see store list)." };
        var flagConnection = StoreConnection();
        var flagState = StoreState();
        var storeFlag = new Command("flag-evidence", "Flag a stored recording as evidence: every object's expiry is removed (its metadata re-sent, as Swift's POST replaces it), then checked. Exit 9 when the store refuses.") { flagContainer, flagConnection, flagState };
        storeFlag.SetAction((parse, cancellationToken) => StoreCommand.FlagEvidenceAsync(parse.GetValue(flagContainer)!, parse.GetValue(flagConnection), parse.GetValue(flagState), output, error, cancellationToken));
        var store = new Command("store", "The evidence store, from the back office's side.") { storeList, storeFlag };

        var listConfig = new Option<string>("--config") { HelpName = "PATH", Description = $"Take the directory from this configuration's Recording.Directory. Default {DeviceConfigFile.DefaultPath}.", DefaultValueFactory = _ => DeviceConfigFile.DefaultPath };
        var listDirectory = new Option<string?>("--dir") { HelpName = "DIR", Description = "List this directory instead of the configured one." };
        var listState = new Option<string?>("--state-dir") { HelpName = "DIR", Description = "Where a relative Recording.Directory is (as for run)." };
        var list = new Command("list", "List the clips: recording ID, clip index, start (UTC), duration, size and why each ended, from the manifests (hashes are not checked: use verify).")
        {
            listConfig, listDirectory, listState,
        };
        list.SetAction(parse => RecordingsListCommand.Run(parse.GetValue(listDirectory), parse.GetValue(listConfig)!, parse.GetValue(listState), output, error));
        var recordings = new Command("recordings", "The recordings on this device.") { list };

        return new RootCommand("bodycam: the body-worn camera's firmware. `bodycam run` runs it; docs/device.md describes every command and exit code.")
        {
            run, configCommand, connection, store, selfTest, verify, recordings, identity,
        };
    }
}
