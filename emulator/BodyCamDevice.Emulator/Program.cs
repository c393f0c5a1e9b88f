// Entry point of the emulator: parses the command line and hands over to EmulatorSession (the
// device with its web page), the demo, the scenario runner, or the headless capture bench.
// Exit codes: 0 done, 1 a scenario's expectation failed, 2 bad command line, configuration or
// scenario file, 3 the capture bench failed.
using System.CommandLine;
using BodyCamDevice.Emulator.Capture;
using CameraChoice = BodyCamDevice.Firmware.Capture.Camera.CameraChoice;
using BodyCamDevice.Emulator.Scenarios;

namespace BodyCamDevice.Emulator;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var config = new Option<FileInfo?>("--config") { HelpName = "FILE", Description = "Device configuration as JSON (DeviceOptions); defaults are used without it." };
        var recordings = new Option<string>("--recordings") { HelpName = "DIR", Description = "Recordings directory: clips (*.mp4) and manifests listed by the page and the API.", DefaultValueFactory = _ => "recordings" };

        var port = new Option<int>("--port") { Description = "Port of the web UI and control API on 127.0.0.1; 0 picks a free one.", DefaultValueFactory = _ => 8080 };
        var connection = new Option<FileInfo?>("--connection") { HelpName = "FILE", Description = "The evidence store's connection file (Axis Body Worn Integration): docked, the emulator offloads its recordings there. ./dev emulator gives the development Swift's." };
        var headless = new Option<bool>("--headless") { Description = "No web page: the console trace and the control API only." };
        var demo = new Option<bool>("--demo") { Description = "Run the scripted demo (boot, double-press, marker, hold to stop) with the console trace, check it and exit." };
        var audit = new Option<bool>("--audit") { Description = "Also print every audit-trail entry as it is appended." };
        var encrypt = new Option<bool>("--encrypt") { Description = "Encrypt every clip to a development evidence-store key kept beside the recordings (the page decrypts to play). Once a recordings folder's camera encrypts, it always does." };
        var camera = new Option<string>("--camera") { HelpName = "CAMERA", Description = "testpattern (ffmpeg's test pattern), file:PATH (a looped video file), v4l2[:/dev/videoN] (this machine's webcam) or virtual (a built-in clip replayed, no ffmpeg); every one through the capture pipeline.", DefaultValueFactory = _ => "testpattern" };
        var preRecord = new Option<double?>("--pre-record") { HelpName = "SECONDS", Description = "Pre-record window of the real capture pipeline (default 30 s, or the configuration's)." };
        var size = new Option<string?>("--size") { HelpName = "WxH", Description = $"Frame size of an ffmpeg camera (default {CameraChoice.DefaultWidth}x{CameraChoice.DefaultHeight}; the virtual camera's clip has its own)." };

        var file = new Argument<FileInfo>("FILE") { Description = "Scenario file (YAML, see docs/scenarios.md)." };
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Run on virtual time (in process): hours of device time in seconds." };
        var realTime = new Option<bool>("--real-time") { Description = "Run on the real clock even when the file allows virtual time." };
        var target = new Option<Uri?>("--target") { HelpName = "URL", Description = "Run against this control API (an emulator or a device in rig mode) instead of in process." };
        var token = new Option<string?>("--token") { Description = "Bearer token for a device in rig mode (or set BODYCAM_RIG_TOKEN)." };
        var scenarioRecordings = new Option<string?>("--recordings") { HelpName = "DIR", Description = "Keep the run's recordings here (default: a temporary directory)." };
        var trace = new Option<bool>("--trace") { Description = "Print the device's outputs as they change (the console trace)." };
        var scenarioConnection = new Option<FileInfo?>("--connection") { HelpName = "FILE", Description = "The evidence store's connection file: docked, the in-process emulator offloads there (with --real-time: the offload runs on the real clock)." };
        var scenarioCamera = new Option<string>("--camera") { HelpName = "CAMERA", Description = "virtual (default: any clock) or, with real time only, testpattern, file:PATH or v4l2[:/dev/videoN].", DefaultValueFactory = _ => "virtual" };

        var scenario = new Command("scenario", "Run a scenario file against the emulator (or a remote control API); exit 1 at the first failed expectation.")
        {
            file, virtualTime, realTime, target, token, config, scenarioRecordings, trace, scenarioCamera, scenarioConnection,
        };
        scenario.SetAction((parse, _) => ParseCamera(parse.GetValue(scenarioCamera)!, null, null) is not { } scenarioChoice ? Task.FromResult(ExitCodes.Usage) : ScenarioCommand.RunAsync(
            new ScenarioArguments(
                parse.GetValue(file)!,
                parse.GetValue(virtualTime) ? true : parse.GetValue(realTime) ? false : null,
                parse.GetValue(target),
                parse.GetValue(token) ?? Environment.GetEnvironmentVariable("BODYCAM_RIG_TOKEN"),
                parse.GetValue(config),
                parse.GetValue(scenarioRecordings),
                parse.GetValue(trace),
                scenarioChoice.IsVirtual ? null : scenarioChoice,
                parse.GetValue(scenarioConnection)),
            Console.Out,
            Console.Error));

        var source = new Option<string>("--source") { HelpName = "CAMERA", Description = "testpattern, file:PATH or v4l2[:/dev/videoN].", DefaultValueFactory = _ => "testpattern" };
        var pre = new Option<double>("--pre") { HelpName = "SECONDS", Description = "Pre-record window, 0 to 600; the button is pressed once this much is buffered.", DefaultValueFactory = _ => 5 };
        var record = new Option<double>("--record") { HelpName = "SECONDS", Description = "The recorded length, from the double-press to the stop: the hold that stops it (Buttons.HoldToStop, 3 s) is part of it, so at least that.", DefaultValueFactory = _ => 5 };
        var captureRecordings = new Option<string>("--recordings") { HelpName = "DIR", Description = "Where the clips and manifests go.", DefaultValueFactory = _ => "recordings" };
        var capture = new Command("capture", "Bench the capture pipeline without a rig: buffer, double-press the record button, record, hold to stop, then print the clips and manifests. Exit 3 on any failure.")
        {
            source, pre, record, captureRecordings, size, config,
        };
        capture.SetAction((parse, cancellationToken) =>
        {
            // --pre 0 is a camera without pre-record, as Recording.PreRecord 0 is.
            if (parse.GetValue(pre) is not (>= 0 and <= 600) || parse.GetValue(record) is not (> 0 and <= 3600))
            {
                Console.Error.WriteLine("--pre must be 0 to 600 s and --record more than 0 and at most 3600 s.");
                return Task.FromResult(ExitCodes.Usage);
            }

            var choice = ParseCamera(parse.GetValue(source)!, parse.GetValue(size), parse.GetValue(pre));
            if (choice is null || choice.IsVirtual)
            {
                if (choice is { IsVirtual: true })
                {
                    Console.Error.WriteLine("The capture bench needs a real camera: testpattern, file:PATH or v4l2[:/dev/videoN].");
                }

                return Task.FromResult(ExitCodes.Usage);
            }

            return CaptureCommand.RunAsync(
                new CaptureArguments(choice, parse.GetValue(pre), parse.GetValue(record), parse.GetValue(captureRecordings)!, parse.GetValue(config)),
                Console.Out,
                Console.Error,
                cancellationToken);
        });

        var root = new RootCommand("BodyCamDevice emulator: the device firmware on virtual pins, with a web page, a control API and a console trace of every LED, beeper and vibration change.")
        {
            port, headless, demo, config, audit, recordings, camera, preRecord, size, encrypt, connection, scenario, capture,
        };
        root.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(port) is < 0 or > 65535)
            {
                Console.Error.WriteLine($"--port must be from 0 to 65535 (0: a free one), not {parse.GetValue(port)}.");
                return Task.FromResult(ExitCodes.Usage);
            }

            var choice = ParseCamera(parse.GetValue(camera)!, parse.GetValue(size), parse.GetValue(preRecord));
            if (choice is null)
            {
                return Task.FromResult(ExitCodes.Usage);
            }

            var arguments = new EmulatorArguments(parse.GetValue(port), parse.GetValue(headless), parse.GetValue(demo), parse.GetValue(config), parse.GetValue(audit), parse.GetValue(recordings)!, choice, parse.GetValue(encrypt), parse.GetValue(connection));
            return arguments.Demo ? DemoAsync(arguments) : EmulatorSession.RunAsync(arguments, cancellationToken);
        });

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine(error.Message);
            }

            Console.Error.WriteLine("Try --help.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync();
    }

    // Null (after saying why on stderr) when the camera, size or window is not valid.
    private static CameraChoice? ParseCamera(string text, string? size, double? preRecordSeconds)
    {
        var choice = CameraChoice.Parse(text, out var error);
        if (choice is null)
        {
            Console.Error.WriteLine(error);
            return null;
        }

        if (size is not null)
        {
            if (choice.IsVirtual)
            {
                Console.Error.WriteLine("--size needs an ffmpeg camera: the virtual camera replays a clip of its own size.");
                return null;
            }

            if (!CameraChoice.TryParseSize(size, out var width, out var height))
            {
                Console.Error.WriteLine($"--size must be WIDTHxHEIGHT with even numbers, e.g. 320x240, not '{size}'.");
                return null;
            }

            choice = choice with { Width = width, Height = height };
        }

        if (preRecordSeconds is { } seconds)
        {
            if (seconds is < 0 or > 600)
            {
                Console.Error.WriteLine("--pre-record must be 0 to 600 seconds.");
                return null;
            }

            choice = choice with { PreRecord = TimeSpan.FromSeconds(seconds) };
        }

        return choice;
    }

    // The demo is scenarios/demo.yaml, built in: real time, with the console trace.
    private static Task<int> DemoAsync(EmulatorArguments arguments)
    {
        using var stream = typeof(Program).Assembly.GetManifestResourceStream("scenarios/demo.yaml")!;
        var scenario = ScenarioLoader.Parse(new StreamReader(stream).ReadToEnd(), "demo.yaml");
        return ScenarioCommand.RunAsync(
            scenario,
            new ScenarioArguments(new FileInfo("demo.yaml"), VirtualTime: false, Target: null, Token: null, arguments.ConfigFile, arguments.RecordingsDirectory, Trace: true),
            Console.Out,
            Console.Error);
    }
}
