// One run of the emulator: loads the configuration, builds the device on virtual pins over the
// real clock, attaches the console trace, powers the device on and runs the scripted demo or the
// interactive keys. Everything the device does is the firmware's own; this only drives the pins.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Hardware.Virtual;

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

        var time = TimeProvider.System;
        using var device = new VirtualDevice(options, time);
        using var trace = new ConsoleTrace(device, Console.Out, arguments.ShowAudit);
        var finger = new Finger(device, time);
        finger.Edge += trace.InputEdge;

        var demo = arguments.Demo || Console.IsInputRedirected;
        trace.Note(arguments.ConfigFile is { } config ? $"configuration {config.FullName}" : "default configuration");
        if (!arguments.Demo && demo)
        {
            trace.Note("stdin is not a terminal: running the scripted demo");
        }

        try
        {
            return demo
                ? await new DemoScript(device, finger, trace, time).RunAsync(cancellationToken)
                : await new InteractiveConsole(device, finger, trace).RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            trace.Note("interrupted");
            return ExitCodes.Success;
        }
    }
}
