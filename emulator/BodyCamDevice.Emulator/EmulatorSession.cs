// One interactive run of the emulator: the device on virtual pins over the real clock, the web
// page and control API on 127.0.0.1 (only the API when headless), the console trace, and keys
// on stdin when it is a terminal. Runs until 'q', end of input or Ctrl+C. Everything the device
// does is the firmware's own; this only drives the pins.
using System.Net.Sockets;
using BodyCamDevice.ControlApi.Hosting;
using BodyCamDevice.Emulator.Rig;
using BodyCamDevice.Emulator.Web;
using BodyCamDevice.Firmware.Configuration;

namespace BodyCamDevice.Emulator;

internal static class EmulatorSession
{
    public static async Task<int> RunAsync(EmulatorArguments arguments, CancellationToken cancellationToken)
    {
        DeviceOptions options;
        try
        {
            options = arguments.ConfigFile is { } file ? DeviceOptionsJson.Load(file.FullName) : new DeviceOptions();
        }
        catch (InvalidConfigurationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return ExitCodes.Usage;
        }

        if (arguments.ConnectionFile is { } connectionFile && BodyCamDevice.Firmware.Offload.Connection.ConnectionFileReader.Load(connectionFile.FullName) is { Settings: null } refused)
        {
            Console.Error.WriteLine($"Invalid connection file {connectionFile.FullName}:");
            foreach (var error in refused.Errors)
            {
                Console.Error.WriteLine($"  {error.Field} = {error.Value}: {error.Problem}");
            }

            return ExitCodes.Usage;
        }

        var camera = arguments.Camera;
        string? cameraNote = null;
        if (!camera.IsVirtual && Capture.FfmpegOnPath.Find() is null)
        {
            cameraNote = $"ffmpeg not found: camera {camera} unavailable, running the virtual camera instead";
            camera = Firmware.Capture.Camera.CameraChoice.Virtual with { PreRecord = camera.PreRecord };
        }

        ConsoleTrace? trace = null;
        EmulatedDevice device;
        try
        {
            device = new EmulatedDevice(options, TimeProvider.System, arguments.RecordingsDirectory, camera, arguments.Encrypt, arguments.ConnectionFile?.FullName);
        }
        catch (InvalidConfigurationException exception)
        {
            Console.Error.WriteLine(exception.Message);
            return ExitCodes.Usage;
        }
        catch (Exception exception) when (exception is Firmware.Evidence.Identity.DeviceIdentityException or InvalidDataException)
        {
            // The camera's evidence state (its key, its manifest chain, the development store key).
            Console.Error.WriteLine(exception.Message);
            return ExitCodes.Usage;
        }

        await using var owned = device;
        using (trace = new ConsoleTrace(device.Device, Console.Out, arguments.ShowAudit))
        {
            device.Inputs.Setting += trace.InputEdge;
            trace.Note(arguments.ConfigFile is { } config ? $"configuration {config.FullName}" : "default configuration");
            ControlApiServer server;
            try
            {
                server = await ControlApiServer.StartAsync(device.Rig, new ControlApiServerOptions
                {
                    BindAddress = "127.0.0.1",
                    Port = arguments.Port,
                    MapMore = app =>
                    {
                        CameraEndpoints.Map(app, device);
                        PlaybackEndpoints.Map(app, device);
                        StoreEndpoints.Map(app, device);
                        if (!arguments.Headless)
                        {
                            WebUi.Map(app);
                        }
                    },
                }, cancellationToken);
            }
            catch (IOException exception) when (exception.InnerException is SocketException || exception.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"Cannot listen on 127.0.0.1:{arguments.Port}: {exception.Message} Try --port 0 for a free port.");
                return ExitCodes.Usage;
            }

            await using (server)
            {
                trace.Note(arguments.Headless ? $"control API: {server.Url}api/ (headless: no page)" : $"web UI: {server.Url}   control API: {server.Url}api/");
                trace.Note($"recordings: {device.Recordings.Path}");
                trace.Note(arguments.ConnectionFile is { } connection ? $"evidence store: {connection.FullName} (offloads when docked)" : "evidence store: none (--connection FILE to offload when docked)");
                if (cameraNote is not null)
                {
                    trace.Note(cameraNote);
                }

                trace.Note($"camera: {camera} through the capture pipeline, {device.Device.Options.Camera.Width}x{device.Device.Options.Camera.Height}, pre-record {device.Device.Options.Recording.PreRecord.TotalSeconds:0.#} s; preview {server.Url}api/camera/preview.jpg");
                var parts = device.Device.Options;
                trace.Note($"optional parts (virtual): {string.Join(", ", new[] { parts.Rtc.Enabled ? "DS3231 RTC" : null, parts.Gnss.Enabled ? "NMEA GNSS receiver" : null, parts.FuelGauge.Enabled ? "INA219 fuel gauge" : null }.OfType<string>().DefaultIfEmpty("none"))}");
                foreach (var note in device.PartNotes)
                {
                    trace.Note(note);
                }

                trace.Note("power on");
                device.Start();
                try
                {
                    if (Console.IsInputRedirected)
                    {
                        trace.Note("stdin is not a terminal: serving until Ctrl+C");
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    else
                    {
                        await new InteractiveConsole(device, trace).RunAsync(cancellationToken);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    trace.Note("interrupted");
                }
            }
        }

        return ExitCodes.Success;
    }
}
